package dev.walferry.server.inspect;

import dev.walferry.protocol.wal.SegmentIdentity;
import dev.walferry.protocol.wal.WalFileName;
import java.util.ArrayList;
import java.util.List;

/**
 * The wire form of an {@link ArchiveStatus}: ITEM entries, one fact each, repeated keys for lists.
 * <pre>
 *   system_identifier  unsigned decimal        segment_size  bytes      page_magic  0xHHHH
 *   timeline           "T FIRST LAST COUNT"    newest        "NAME STORED_AT_MILLIS AGE_SECONDS"
 *   files, bytes, free_bytes, gap_count, unrecorded, leftover_temps   decimal
 *   gap                "FIRST[..LAST]"         missing_history  T     size_mismatch  NAME
 *   uptime_seconds     decimal                 client        "IDENTITY@ADDRESS"
 * </pre>
 * Unknown keys are ignored, so a newer receiver may add some.
 */
final class StatusItems {

    private StatusItems() {}

    static List<KeyValue> toItems(ArchiveStatus s) {
        List<KeyValue> out = new ArrayList<>();
        if (s.binding() != null) {
            out.add(new KeyValue("system_identifier", s.binding().systemIdentifierText()));
            out.add(KeyValue.of("segment_size", s.binding().segmentSize()));
            out.add(new KeyValue(
                    "page_magic", String.format("0x%04X", s.binding().pageMagic())));
        }
        s.timelines()
                .forEach(t -> out.add(new KeyValue(
                        "timeline", t.timeline() + " " + t.first() + " " + t.last() + " " + t.segments())));
        if (s.newest() != null) {
            out.add(new KeyValue("newest", s.newest() + " " + s.newestAtMillis() + " " + s.ageSeconds()));
        }
        out.add(KeyValue.of("files", s.files()));
        out.add(KeyValue.of("bytes", s.bytes()));
        out.add(KeyValue.of("free_bytes", s.freeBytes()));
        out.add(KeyValue.of("gap_count", s.gapCount()));
        s.firstGaps().forEach(g -> out.add(new KeyValue("gap", g.range())));
        s.missingHistory().forEach(t -> out.add(KeyValue.of("missing_history", t)));
        s.sizeMismatches().forEach(n -> out.add(new KeyValue("size_mismatch", n)));
        out.add(KeyValue.of("unrecorded", s.unrecorded()));
        out.add(KeyValue.of("leftover_temps", s.leftoverTemps()));
        if (s.receiver() != null) {
            out.add(KeyValue.of("uptime_seconds", s.receiver().uptimeSeconds()));
            s.receiver().clients().forEach(c -> out.add(new KeyValue("client", c)));
        }
        return out;
    }

    /** @throws IllegalArgumentException on a malformed value */
    static ArchiveStatus fromItems(List<KeyValue> items) {
        String sysid = null;
        long segSize = 0;
        int magic = 0;
        List<TimelineSpan> timelines = new ArrayList<>();
        WalFileName newest = null;
        long newestAt = 0;
        long age = 0;
        long[] counts = new long[6];
        List<String> gapRanges = new ArrayList<>();
        List<Long> missing = new ArrayList<>();
        List<String> sizeMismatches = new ArrayList<>();
        Long uptime = null;
        List<String> clients = new ArrayList<>();
        for (KeyValue kv : items) {
            String v = kv.value();
            String[] f = v.split(" ");
            switch (kv.key()) {
                case "system_identifier" -> sysid = v;
                case "segment_size" -> segSize = Long.parseLong(v);
                case "page_magic" -> magic = Integer.parseInt(v.substring(2), 16);
                case "timeline" ->
                    timelines.add(new TimelineSpan(
                            Long.parseLong(f[0]),
                            WalFileName.parse(f[1]),
                            WalFileName.parse(f[2]),
                            Long.parseLong(f[3])));
                case "newest" -> {
                    newest = WalFileName.parse(f[0]);
                    newestAt = Long.parseLong(f[1]);
                    age = Long.parseLong(f[2]);
                }
                case "files" -> counts[0] = Long.parseLong(v);
                case "bytes" -> counts[1] = Long.parseLong(v);
                case "free_bytes" -> counts[2] = Long.parseLong(v);
                case "gap_count" -> counts[3] = Long.parseLong(v);
                case "unrecorded" -> counts[4] = Long.parseLong(v);
                case "leftover_temps" -> counts[5] = Long.parseLong(v);
                case "gap" -> gapRanges.add(v);
                case "missing_history" -> missing.add(Long.parseLong(v));
                case "size_mismatch" -> sizeMismatches.add(v);
                case "uptime_seconds" -> uptime = Long.parseLong(v);
                case "client" -> clients.add(v);
                default -> {
                    // a newer receiver's fact
                }
            }
        }
        SegmentIdentity binding =
                sysid == null ? null : new SegmentIdentity(Long.parseUnsignedLong(sysid), (int) segSize, magic);
        long size = segSize > 0 ? segSize : ArchiveStatus.DEFAULT_SEGMENT_SIZE;
        List<Gap> gaps = gapRanges.stream().map(r -> Gap.parse(r, size)).toList();
        return new ArchiveStatus(
                binding,
                List.copyOf(timelines),
                newest,
                newestAt,
                age,
                counts[0],
                counts[1],
                counts[2],
                counts[3],
                gaps,
                List.copyOf(missing),
                List.copyOf(sizeMismatches),
                counts[4],
                counts[5],
                uptime == null ? null : new ArchiveStatus.ReceiverInfo(uptime, List.copyOf(clients)));
    }
}
