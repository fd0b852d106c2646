package dev.walferry.client.serve;

import picocli.CommandLine.ITypeConverter;

/** {@code --allow NAME=ID}: client identity ID (certificate CN) may use archive NAME. */
public record AllowSpec(String archive, String identity) {

    static final class Converter implements ITypeConverter<AllowSpec> {
        @Override
        public AllowSpec convert(String value) {
            String[] kv = ArchiveSpec.pair(value, "NAME=ID");
            return new AllowSpec(kv[0], kv[1]);
        }
    }

    @Override
    public String toString() {
        return archive + "=" + identity;
    }
}
