package dev.walferry.cli.archive;

import dev.walferry.server.inspect.ArchiveStatus;
import dev.walferry.server.inspect.Gap;
import dev.walferry.server.inspect.TimelineSpan;
import java.util.List;
import java.util.stream.Collectors;

/** The {@code archive status} text, one fact per line, the verdict last. */
final class StatusText {

    private StatusText() {}

    static String of(String where, ArchiveStatus s, List<String> problems) {
        StringBuilder b = new StringBuilder(where).append('\n');
        if (s.binding() == null) {
            b.append("cluster:      not bound yet (no segment stored)\n");
        } else {
            b.append("cluster:      system identifier ")
                    .append(s.binding().systemIdentifierText())
                    .append(", PostgreSQL ")
                    .append(s.binding().postgresVersion())
                    .append(", segment size ")
                    .append(Text.bytes(s.binding().segmentSize()))
                    .append('\n');
        }
        for (TimelineSpan t : s.timelines()) {
            b.append("timeline ")
                    .append(t.timeline())
                    .append(":   ")
                    .append(t.first())
                    .append(" .. ")
                    .append(t.last())
                    .append(" (")
                    .append(t.segments())
                    .append(" segments)\n");
        }
        if (s.newest() == null) {
            b.append("newest:       none\n");
        } else {
            b.append("newest:       ")
                    .append(s.newest())
                    .append(" stored ")
                    .append(Text.time(s.newestAtMillis()))
                    .append(" (")
                    .append(Text.age(s.ageSeconds()))
                    .append(" ago)\n");
        }
        b.append("files:        ")
                .append(s.files())
                .append(" (")
                .append(Text.bytes(s.bytes()))
                .append(")\n");
        b.append("free disk:    ")
                .append(s.freeBytes() < 0 ? "n/a (object store)" : Text.bytes(s.freeBytes()))
                .append('\n');
        b.append("gaps:         ")
                .append(
                        s.gapCount() == 0
                                ? "none"
                                : s.gapCount() + ": "
                                        + s.firstGaps().stream().map(Gap::range).collect(Collectors.joining(", "))
                                        + (s.gapCount() > s.firstGaps().size() ? ", ..." : ""))
                .append('\n');
        if (s.unrecorded() > 0) {
            b.append("unrecorded:   ").append(s.unrecorded()).append(" file(s) without checksum record (see verify)\n");
        }
        if (s.leftoverTemps() > 0) {
            b.append("leftovers:    ").append(s.leftoverTemps()).append(" temp file(s) in incoming/ (see verify)\n");
        }
        if (s.receiver() != null) {
            b.append("receiver:     up ")
                    .append(Text.age(s.receiver().uptimeSeconds()))
                    .append(", ")
                    .append(s.receiver().clients().size())
                    .append(" connected: ")
                    .append(String.join(", ", s.receiver().clients()))
                    .append('\n');
        }
        b.append(problems.isEmpty() ? "health:       OK" : "health:       UNHEALTHY: " + String.join("; ", problems));
        return b.toString();
    }
}
