package dev.walferry.cli.serve;

import dev.walferry.server.receiver.AllowSpec;
import dev.walferry.server.receiver.ArchiveSpec;
import java.util.function.Function;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** picocli converters of serve's typed values; a bad value becomes an "Invalid value for option" error naming why. */
final class SpecConverters {

    private SpecConverters() {}

    /** {@code --archive NAME=WHERE}. */
    static final class Archive implements ITypeConverter<ArchiveSpec> {
        @Override
        public ArchiveSpec convert(String value) {
            return parse(ArchiveSpec::parse, value);
        }
    }

    /** {@code --allow NAME=ID}. */
    static final class Allow implements ITypeConverter<AllowSpec> {
        @Override
        public AllowSpec convert(String value) {
            return parse(AllowSpec::parse, value);
        }
    }

    private static <T> T parse(Function<String, T> parser, String value) {
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
