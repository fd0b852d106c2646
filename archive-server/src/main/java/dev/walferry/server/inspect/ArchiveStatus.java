package dev.walferry.server.inspect;

import dev.walferry.protocol.wal.SegmentIdentity;
import dev.walferry.protocol.wal.WalFileKind;
import dev.walferry.protocol.wal.WalFileName;
import dev.walferry.server.storage.ArchiveSnapshot;
import dev.walferry.server.storage.ArchiveView;
import dev.walferry.server.storage.ArchivedFile;
import dev.walferry.server.storage.StorageException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * {@code walferry archive status}: an archive at a glance, built without re-hashing anything (that is
 * {@link Verifier}'s job); a file whose size differs from its checksum record is caught here already.
 *
 * @param binding         the archive's cluster, null before its first segment
 * @param timelines       first and last segment of each timeline
 * @param newest          the most recently stored file, null when empty
 * @param newestAtMillis  when it was stored
 * @param ageSeconds      seconds from then to when this status was taken
 * @param files           stored files
 * @param bytes           their total size
 * @param freeBytes       usable bytes left on the archive's file system
 * @param gapCount        number of gaps
 * @param firstGaps       the first {@value #SHOWN_GAPS} gaps
 * @param missingHistory  timelines above 1 without a history file
 * @param sizeMismatches  files whose size differs from their checksum record
 * @param unrecorded      files without a checksum record (verify reports them by name)
 * @param leftoverTemps   temp files no transfer is writing
 * @param receiver        receiver uptime and clients, null when read from a local directory
 */
public record ArchiveStatus(
        SegmentIdentity binding,
        List<TimelineSpan> timelines,
        WalFileName newest,
        long newestAtMillis,
        long ageSeconds,
        long files,
        long bytes,
        long freeBytes,
        long gapCount,
        List<Gap> firstGaps,
        List<Long> missingHistory,
        List<String> sizeMismatches,
        long unrecorded,
        long leftoverTemps,
        ReceiverInfo receiver) {

    /** Gaps listed by name; the rest are counted. */
    public static final int SHOWN_GAPS = 5;

    /** Segment size assumed for an archive without binding or segments: PostgreSQL's default. */
    static final long DEFAULT_SEGMENT_SIZE = 16L << 20;

    /** Receiver-side facts, for a status taken through the receiver. */
    public record ReceiverInfo(long uptimeSeconds, List<String> clients) {}

    public static ArchiveStatus of(ArchiveView reader, long nowMillis) throws StorageException {
        ArchiveSnapshot snap = reader.snapshot();
        Histories histories = Histories.read(reader, snap);
        List<ArchivedFile> files = snap.files();
        Continuity c = Continuity.check(
                files.stream().map(ArchivedFile::name).toList(), segmentSize(snap), histories.byTimeline());
        Optional<ArchivedFile> newest = files.stream().max(Comparator.comparingLong(ArchivedFile::storedAtMillis));
        List<String> sizeMismatches = files.stream()
                .filter(f -> f.record() != null && f.record().size() != f.size())
                .map(f -> f.name().toString())
                .toList();
        long unrecorded = files.stream().filter(f -> f.record() == null).count();
        long leftovers = snap.temps().stream()
                .filter(t -> nowMillis - t.modifiedMillis() > Verifier.LEFTOVER_AGE_MILLIS)
                .count();
        return new ArchiveStatus(
                snap.binding().orElse(null),
                c.timelines(),
                newest.map(ArchivedFile::name).orElse(null),
                newest.map(ArchivedFile::storedAtMillis).orElse(0L),
                newest.map(f -> Math.max(0, (nowMillis - f.storedAtMillis()) / 1000))
                        .orElse(0L),
                files.size(),
                files.stream().mapToLong(ArchivedFile::size).sum(),
                reader.freeBytes(),
                c.gaps().size(),
                c.gaps().stream().limit(SHOWN_GAPS).toList(),
                c.missingHistory(),
                sizeMismatches,
                unrecorded,
                leftovers,
                null);
    }

    /** The binding's segment size, else that of the first segment, else 16 MiB. */
    static long segmentSize(ArchiveSnapshot snap) {
        if (snap.binding().isPresent()) {
            return snap.binding().get().segmentSize();
        }
        return snap.files().stream()
                .filter(f -> f.name().kind() == WalFileKind.SEGMENT)
                .mapToLong(ArchivedFile::size)
                .filter(s -> s > 0 && Long.bitCount(s) == 1)
                .findFirst()
                .orElse(DEFAULT_SEGMENT_SIZE);
    }

    public ArchiveStatus withReceiver(ReceiverInfo info) {
        return new ArchiveStatus(
                binding,
                timelines,
                newest,
                newestAtMillis,
                ageSeconds,
                files,
                bytes,
                freeBytes,
                gapCount,
                firstGaps,
                missingHistory,
                sizeMismatches,
                unrecorded,
                leftoverTemps,
                info);
    }

    /**
     * Why this archive is unhealthy, one line each; empty when healthy.
     *
     * @param maxAgeSeconds the newest arrival may be at most this old; negative for no limit
     */
    public List<String> problems(long maxAgeSeconds) {
        List<String> out = new ArrayList<>();
        if (gapCount > 0) {
            out.add(gapCount + " gap" + (gapCount == 1 ? "" : "s") + " in the WAL sequence");
        }
        for (long t : missingHistory) {
            out.add("timeline " + t + " has no history file");
        }
        for (String n : sizeMismatches) {
            out.add(n + " differs in size from its checksum record");
        }
        if (maxAgeSeconds >= 0 && newest != null && ageSeconds > maxAgeSeconds) {
            out.add("newest arrival " + newest + " is " + ageSeconds + " s old (limit " + maxAgeSeconds + " s)");
        }
        if (maxAgeSeconds >= 0 && newest == null) {
            out.add("the archive holds no files");
        }
        return out;
    }

    public List<KeyValue> toItems() {
        return StatusItems.toItems(this);
    }

    public static ArchiveStatus fromItems(List<KeyValue> items) {
        return StatusItems.fromItems(items);
    }
}
