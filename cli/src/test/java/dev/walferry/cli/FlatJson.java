package dev.walferry.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/** Reads back one flat JSON object (as walferry's JSON log lines are): key → raw value text, strings quoted. */
public final class FlatJson {

    private FlatJson() {}

    public static Map<String, String> parse(String json) {
        Map<String, String> m = new LinkedHashMap<>();
        int i = expect(json, 0, '{');
        while (json.charAt(i) != '}') {
            int keyEnd = endOfString(json, i);
            String key = json.substring(i + 1, keyEnd - 1);
            i = expect(json, keyEnd, ':');
            int valueEnd = json.charAt(i) == '"' ? endOfString(json, i) : nextDelimiter(json, i);
            m.put(key, json.substring(i, valueEnd));
            i = json.charAt(valueEnd) == ',' ? valueEnd + 1 : valueEnd;
        }
        if (i != json.length() - 1) {
            throw new IllegalArgumentException("text after the object: " + json);
        }
        return m;
    }

    private static int expect(String s, int at, char c) {
        if (s.charAt(at) != c) {
            throw new IllegalArgumentException("expected '" + c + "' at " + at + " of " + s);
        }
        return at + 1;
    }

    private static int endOfString(String s, int start) {
        expect(s, start, '"');
        for (int i = start + 1; i < s.length(); i++) {
            if (s.charAt(i) == '\\') {
                i++;
            } else if (s.charAt(i) == '"') {
                return i + 1;
            }
        }
        throw new IllegalArgumentException("unterminated string in " + s);
    }

    private static int nextDelimiter(String s, int at) {
        int i = at;
        while (s.charAt(i) != ',' && s.charAt(i) != '}') {
            i++;
        }
        return i;
    }

    /** JSON with the values that depend on the clock and the disk replaced by fixed ones. */
    public static String stable(String json) {
        return json.replaceAll("\"stored_at\":\"[^\"]*\"", "\"stored_at\":\"T\"")
                .replaceAll("\"age_seconds\":\\d+", "\"age_seconds\":0")
                .replaceAll("\"free_bytes\":\\d+", "\"free_bytes\":0")
                .replaceAll("\"uptime_seconds\":\\d+", "\"uptime_seconds\":0")
                .replaceAll("\"sha256\":\"[0-9a-f]{64}\"", "\"sha256\":\"H\"");
    }
}
