package dev.walferry.cli.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void write_escapesQuotesBackslashesAndControlCharacters() {
        assertEquals("\"a\\\"b\\\\c\\nd\\te\\u0001f\\u2028\"", Json.write("a\"b\\c\nd\te\u0001f\u2028"));
    }

    @Test
    void write_nestedValues_keepMapOrder() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("z", 1L);
        m.put("a", Arrays.asList(true, null, "x"));
        m.put("o", Map.of());
        assertEquals("{\"z\":1,\"a\":[true,null,\"x\"],\"o\":{}}", Json.write(m));
        assertEquals("[]", Json.write(List.of()));
    }
}
