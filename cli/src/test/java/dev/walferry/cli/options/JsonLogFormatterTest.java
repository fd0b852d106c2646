package dev.walferry.cli.options;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.walferry.cli.FlatJson;
import dev.walferry.server.log.LogEvent;
import java.util.List;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/** {@code --log-format json}: one object per line, the same keys in the same order, parsed back here. */
class JsonLogFormatterTest {

    static final List<String> KEYS = List.of(
            "ts",
            "level",
            "event",
            "archive",
            "file",
            "identity",
            "peer",
            "outcome",
            "bytes",
            "wire_bytes",
            "ms",
            "message",
            "error");

    @Test
    void receiverEvent_becomesOneLineWithItsFields() {
        LogRecord r = new LogRecord(Level.INFO, "stored main/000000010000000000000001 from primary@1.2.3.4:5");
        r.setParameters(new Object[] {
            LogEvent.of("put")
                    .archive("main")
                    .file("000000010000000000000001")
                    .client("primary", "1.2.3.4:5")
                    .outcome("stored")
                    .sizes(16777216, 1234, 42)
        });
        String line = new JsonLogFormatter(false).format(r);

        assertEquals(1, line.lines().count());
        Map<String, String> m = parse(line.strip());
        assertEquals(KEYS, List.copyOf(m.keySet()));
        assertEquals("\"INFO\"", m.get("level"));
        assertEquals("\"put\"", m.get("event"));
        assertEquals("\"main\"", m.get("archive"));
        assertEquals("\"000000010000000000000001\"", m.get("file"));
        assertEquals("\"primary\"", m.get("identity"));
        assertEquals("\"1.2.3.4:5\"", m.get("peer"));
        assertEquals("\"stored\"", m.get("outcome"));
        assertEquals("16777216", m.get("bytes"));
        assertEquals("1234", m.get("wire_bytes"));
        assertEquals("42", m.get("ms"));
        assertEquals("null", m.get("error"));
    }

    @Test
    void plainLogLine_hasTheSameKeys_eventLog_andNulls() {
        LogRecord r = new LogRecord(Level.WARNING, "closing \"x\"\n{0}");
        r.setParameters(new Object[] {"y"});
        Map<String, String> m = parse(new JsonLogFormatter(false).format(r).strip());
        assertEquals(KEYS, List.copyOf(m.keySet()));
        assertEquals("\"WARN\"", m.get("level"));
        assertEquals("\"log\"", m.get("event"));
        assertEquals("null", m.get("file"));
        assertEquals("\"closing \\\"x\\\"\\ny\"", m.get("message"));
    }

    @Test
    void receiverEventText_isNeverAFormatPattern() {
        LogRecord r = new LogRecord(Level.INFO, "refused PUT main/{0}x from a");
        r.setParameters(new Object[] {LogEvent.of("put")});
        r.setResourceBundle((ResourceBundle) null);
        assertEquals(
                "\"refused PUT main/{0}x from a\"",
                parse(new JsonLogFormatter(false).format(r).strip()).get("message"));
    }

    static Map<String, String> parse(String json) {
        return FlatJson.parse(json);
    }
}
