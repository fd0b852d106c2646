package dev.walferry.server.receiver;

/** {@code --allow NAME=ID}: client identity ID (certificate CN) may use archive NAME. */
public record AllowSpec(String archive, String identity) {

    /**
     * Parses {@code NAME=ID}.
     *
     * @throws IllegalArgumentException naming what is wrong with {@code value}
     */
    public static AllowSpec parse(String value) {
        String[] kv = ArchiveSpec.pair(value, "NAME=ID");
        return new AllowSpec(kv[0], kv[1]);
    }

    @Override
    public String toString() {
        return archive + "=" + identity;
    }
}
