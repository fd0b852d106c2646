package dev.walferry.cli.archive;

import dev.walferry.server.inspect.ArchiveStatus;
import dev.walferry.server.inspect.Gap;
import dev.walferry.server.inspect.TimelineSpan;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code archive status --json} shape (documented in docs/archive-commands.md). */
final class StatusJson {

    private StatusJson() {}

    static Map<String, Object> of(ArchiveStatus s, List<String> problems) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("healthy", problems.isEmpty());
        m.put("problems", problems);
        if (s.binding() == null) {
            m.put("binding", null);
        } else {
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("system_identifier", s.binding().systemIdentifierText());
            b.put("postgres_version", s.binding().postgresVersion());
            b.put("segment_size", (long) s.binding().segmentSize());
            m.put("binding", b);
        }
        m.put("timelines", s.timelines().stream().map(StatusJson::timeline).toList());
        if (s.newest() == null) {
            m.put("newest", null);
        } else {
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("name", s.newest().toString());
            n.put("stored_at", Text.time(s.newestAtMillis()));
            n.put("age_seconds", s.ageSeconds());
            m.put("newest", n);
        }
        m.put("files", s.files());
        m.put("bytes", s.bytes());
        m.put("free_bytes", s.freeBytes());
        Map<String, Object> gaps = new LinkedHashMap<>();
        gaps.put("count", s.gapCount());
        gaps.put("first", s.firstGaps().stream().map(StatusJson::gap).toList());
        m.put("gaps", gaps);
        m.put("missing_history", s.missingHistory());
        m.put("size_mismatches", s.sizeMismatches());
        m.put("unrecorded", s.unrecorded());
        m.put("leftover_temps", s.leftoverTemps());
        if (s.receiver() == null) {
            m.put("receiver", null);
        } else {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("uptime_seconds", s.receiver().uptimeSeconds());
            r.put("clients", s.receiver().clients());
            m.put("receiver", r);
        }
        return m;
    }

    static Map<String, Object> timeline(TimelineSpan t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("timeline", t.timeline());
        m.put("first", t.first().toString());
        m.put("last", t.last().toString());
        m.put("segments", t.segments());
        return m;
    }

    static Map<String, Object> gap(Gap g) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("timeline", g.timeline());
        m.put("first", g.first().toString());
        m.put("last", g.last().toString());
        m.put("missing", g.count());
        return m;
    }
}
