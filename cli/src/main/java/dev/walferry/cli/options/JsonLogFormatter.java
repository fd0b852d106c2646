package dev.walferry.cli.options;

import dev.walferry.cli.output.Json;
import dev.walferry.server.log.LogEvent;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * {@code --log-format json}: one JSON object per line, always with the same keys in the same order, null where a
 * field does not apply: {@code ts, level, event, archive, file, identity, peer, outcome, bytes, wire_bytes, ms,
 * message, error}. {@code event} is "log" for lines that are not receiver events.
 */
final class JsonLogFormatter extends Formatter {

    private final boolean verbose;

    JsonLogFormatter(boolean verbose) {
        this.verbose = verbose;
    }

    @Override
    public String format(LogRecord r) {
        Object[] p = r.getParameters();
        LogEvent e = p != null && p.length == 1 && p[0] instanceof LogEvent ev ? ev : LogEvent.of("log");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ts", LogSetup.TIME.format(Instant.ofEpochMilli(r.getMillis())));
        m.put("level", LogSetup.level(r.getLevel()));
        m.put("event", e.event());
        m.put("archive", e.archive());
        m.put("file", e.file());
        m.put("identity", e.identity());
        m.put("peer", e.peer());
        m.put("outcome", e.outcome());
        m.put("bytes", e.bytes());
        m.put("wire_bytes", e.wireBytes());
        m.put("ms", e.ms());
        m.put("message", LogSetup.message(this, r));
        Throwable t = r.getThrown();
        m.put("error", t == null ? null : verbose ? LogSetup.stackTrace(t) : t.toString());
        return Json.write(m) + "\n";
    }
}
