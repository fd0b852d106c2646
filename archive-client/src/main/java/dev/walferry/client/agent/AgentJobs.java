package dev.walferry.client.agent;

import dev.walferry.protocol.wal.WalFileKind;
import dev.walferry.protocol.wal.WalFileName;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The push-agent's work: files {@code walferry push} asked for (first, in arrival order), then files shipped ahead
 * from {@code .ready} (history files first, then WAL order). A name is queued or in flight at most once; a request
 * for a name already queued for shipping ahead promotes it. Thread-safe; workers block in {@link #take}.
 */
public final class AgentJobs {

    /** One file to push. {@code requested}: a {@code walferry push} call waits for it (failures are reported). */
    record Job(WalFileName name, Path path, boolean requested, long seq) {}

    private static final Comparator<Job> ORDER = Comparator.comparing((Job j) -> !j.requested())
            .thenComparingLong(j -> j.requested() ? j.seq() : 0)
            .thenComparing((Job j) -> j.name().kind() != WalFileKind.HISTORY)
            .thenComparing(Job::name);

    private final TreeSet<Job> queued = new TreeSet<>(ORDER);
    private final Map<String, Job> byName = new HashMap<>();
    private final Map<String, Job> inFlight = new HashMap<>();
    /** Names pushed in the last minute: their .ready may linger a moment after the push call consumed the ack. */
    private final Map<String, Long> recent = new HashMap<>();
    /**
     * Names whose shipping ahead the receiver or the file refused (conflict, not a segment...): not offered again
     * before the time given (nanoTime), so that a file PostgreSQL cannot archive either is not retried twice a second.
     */
    private final Map<String, Long> heldOff = new HashMap<>();

    private long seq;
    private boolean closed;

    /** Queues a file a push call waits for; promotes it when queued for shipping ahead. */
    synchronized void request(WalFileName name, Path path) {
        Job old = byName.remove(name.toString());
        if (old != null) {
            queued.remove(old);
        }
        Job running = inFlight.get(name.toString());
        if (running != null && running.path().equals(path)) {
            inFlight.put(name.toString(), new Job(name, path, true, running.seq()));
            return;
        }
        add(new Job(name, path, true, ++seq));
    }

    /** Queues a ready file to ship ahead unless it is queued or in flight already; false if it was not added. */
    synchronized boolean offerAhead(WalFileName name, Path path) {
        if (byName.containsKey(name.toString())
                || inFlight.containsKey(name.toString())
                || recent.containsKey(name.toString())
                || isHeldOff(name.toString())) {
            return false;
        }
        add(new Job(name, path, false, ++seq));
        return true;
    }

    private void add(Job j) {
        queued.add(j);
        byName.put(j.name().toString(), j);
        notifyAll();
    }

    /** The next job, marked in flight; empty once closed. */
    synchronized Optional<Job> take() throws InterruptedException {
        while (queued.isEmpty() && !closed) {
            wait();
        }
        if (closed) {
            return Optional.empty();
        }
        Job j = queued.pollFirst();
        byName.remove(j.name().toString());
        inFlight.put(j.name().toString(), j);
        return Optional.of(j);
    }

    /**
     * Ends a job ({@code pushed}: acknowledged); returns it as it is now (a request may have arrived while it ran,
     * so callers report failures of the returned job, not the taken one).
     */
    synchronized Job finish(Job j, boolean pushed) {
        if (pushed) {
            long now = System.nanoTime();
            recent.put(j.name().toString(), now);
            recent.values().removeIf(t -> now - t > 60_000_000_000L);
        }
        Job now = inFlight.get(j.name().toString());
        if (now != null && now.seq() == j.seq()) {
            inFlight.remove(j.name().toString());
            return now;
        }
        return j;
    }

    /** After a failure that trying again at once would repeat: {@code name} is not shipped ahead for a while. */
    synchronized void holdOff(WalFileName name, long nanos) {
        long now = System.nanoTime();
        heldOff.values().removeIf(until -> until - now <= 0);
        heldOff.put(name.toString(), now + nanos);
    }

    private boolean isHeldOff(String name) {
        Long until = heldOff.get(name);
        if (until == null) {
            return false;
        }
        if (until - System.nanoTime() > 0) {
            return true;
        }
        heldOff.remove(name);
        return false;
    }

    /** Files queued to ship ahead (not requested ones). */
    synchronized int aheadCount() {
        return (int) queued.stream().filter(j -> !j.requested()).count();
    }

    /** Drops the files queued to ship ahead (e.g. while the receiver is unreachable); requests stay. */
    synchronized void dropAhead() {
        queued.removeIf(j -> {
            if (!j.requested()) {
                byName.remove(j.name().toString());
                return true;
            }
            return false;
        });
    }

    public synchronized void close() {
        closed = true;
        notifyAll();
    }
}
