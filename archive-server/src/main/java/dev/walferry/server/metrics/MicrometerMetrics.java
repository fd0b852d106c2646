package dev.walferry.server.metrics;

import dev.walferry.server.storage.ArchiveStorage;
import dev.walferry.server.storage.FsyncObserver;
import dev.walferry.server.storage.StoredFile;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.BaseUnits;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * {@link ReceiverMetrics} on a Micrometer registry. Meter names (Prometheus form in docs/service.md):
 * {@code walferry.files.stored|duplicate|conflict} per archive, {@code walferry.rejected} per reason,
 * {@code walferry.received.raw|wire} (bytes) per archive, {@code walferry.fsync} (a histogram) per archive,
 * {@code walferry.archive.newest.arrival} and {@code walferry.archive.newest.file} per archive,
 * {@code walferry.clients.connected}.
 */
final class MicrometerMetrics implements ReceiverMetrics {

    /** Histogram buckets of {@code walferry_fsync_seconds}: from a fast SSD (0.5 ms) to a disk in trouble (10 s). */
    static final Duration[] FSYNC_BUCKETS = {
        Duration.ofNanos(500_000),
        Duration.ofMillis(1),
        Duration.ofMillis(2),
        Duration.ofMillis(5),
        Duration.ofMillis(10),
        Duration.ofMillis(25),
        Duration.ofMillis(50),
        Duration.ofMillis(100),
        Duration.ofMillis(250),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofMillis(2500),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10)
    };

    private final MeterRegistry registry;
    private final Map<String, PerArchive> archives = new ConcurrentHashMap<>();
    private final Map<RejectReason, Counter> rejected = new ConcurrentHashMap<>();

    MicrometerMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (RejectReason r : RejectReason.values()) {
            rejected.put(
                    r,
                    Counter.builder("walferry.rejected")
                            .tag("reason", r.label())
                            .description("Refused connections and requests, by reason")
                            .register(registry));
        }
    }

    @Override
    public void archive(ArchiveStorage storage) {
        PerArchive a = archives.computeIfAbsent(storage.name(), n -> new PerArchive(registry, n));
        try {
            storage.list().stream()
                    .max(Comparator.comparingLong(StoredFile::storedAtMillis))
                    .ifPresent(a::newest);
        } catch (java.io.IOException e) {
            System.getLogger("walferry.receiver")
                    .log(
                            System.Logger.Level.WARNING,
                            "metrics: cannot list archive " + storage.name() + " for its newest file: "
                                    + e.getMessage());
        }
    }

    @Override
    public void connectedClients(IntSupplier count) {
        Gauge.builder("walferry.clients.connected", count::getAsInt)
                .description("Clients connected now (completed the handshake)")
                .register(registry);
    }

    @Override
    public void received(String archive, long raw, long wire) {
        PerArchive a = archives.get(archive);
        if (a != null) {
            a.raw.increment((double) raw);
            a.wire.increment((double) wire);
        }
    }

    @Override
    public void stored(String archive, StoredFile file) {
        PerArchive a = archives.get(archive);
        if (a != null) {
            a.stored.increment();
            a.newest(file);
        }
    }

    @Override
    public void duplicate(String archive) {
        PerArchive a = archives.get(archive);
        if (a != null) {
            a.duplicate.increment();
        }
    }

    @Override
    public void conflict(String archive) {
        PerArchive a = archives.get(archive);
        if (a != null) {
            a.conflict.increment();
        }
    }

    @Override
    public void rejected(RejectReason reason) {
        rejected.get(reason).increment();
    }

    @Override
    public FsyncObserver fsyncObserver(String archive) {
        Timer t = Timer.builder("walferry.fsync")
                .tag("archive", archive)
                .description("Duration of each fsync (files and directories)")
                .serviceLevelObjectives(FSYNC_BUCKETS)
                .register(registry);
        return nanos -> t.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** The meters of one configured archive. */
    private static final class PerArchive {

        final Counter stored;
        final Counter duplicate;
        final Counter conflict;
        final Counter raw;
        final Counter wire;
        private final MeterRegistry registry;
        private final String archive;
        private volatile double newestArrivalSeconds = Double.NaN;
        private Gauge newestFile;

        PerArchive(MeterRegistry registry, String archive) {
            this.registry = registry;
            this.archive = archive;
            stored = counter("walferry.files.stored", "Files stored durably");
            duplicate = counter("walferry.files.duplicate", "Files pushed again with identical content (success)");
            conflict = counter("walferry.files.conflict", "Files pushed again with different content (refused)");
            raw = Counter.builder("walferry.received.raw")
                    .baseUnit(BaseUnits.BYTES)
                    .tag("archive", archive)
                    .description("Content bytes of pushes that reached the commit step")
                    .register(registry);
            wire = Counter.builder("walferry.received.wire")
                    .baseUnit(BaseUnits.BYTES)
                    .tag("archive", archive)
                    .description("Bytes on the wire (compressed) of pushes that reached the commit step")
                    .register(registry);
            Gauge.builder("walferry.archive.newest.arrival", this, p -> p.newestArrivalSeconds)
                    .baseUnit("seconds")
                    .tag("archive", archive)
                    .description("When the newest file of the archive arrived (Unix time)")
                    .register(registry);
        }

        private Counter counter(String name, String description) {
            return Counter.builder(name)
                    .tag("archive", archive)
                    .description(description)
                    .register(registry);
        }

        /** The newest file is a label of an info-style gauge (value 1): re-registered when it changes. */
        synchronized void newest(StoredFile f) {
            double at = f.storedAtMillis() / 1000.0;
            if (!Double.isNaN(newestArrivalSeconds) && at < newestArrivalSeconds) {
                return;
            }
            newestArrivalSeconds = at;
            if (newestFile != null) {
                registry.remove(newestFile);
            }
            newestFile = Gauge.builder("walferry.archive.newest.file", () -> 1)
                    .tag("archive", archive)
                    .tag("file", f.name().toString())
                    .description("The newest file of the archive, as a label")
                    .register(registry);
        }
    }
}
