package dev.walferry.server.inspect;

/** One entry of a report in its wire form (an ITEM message): a key and a text value. */
public record KeyValue(String key, String value) {

    public static KeyValue of(String key, Object value) {
        return new KeyValue(key, String.valueOf(value));
    }
}
