package dev.walferry.cli.serve;

import dev.walferry.server.receiver.AllowSpec;
import dev.walferry.server.receiver.ArchiveSpec;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** picocli converters of serve's typed values; a bad value becomes an "Invalid value for option" error naming why. */
final class SpecConverters {

    private SpecConverters() {}

    /** {@code --archive NAME=WHERE}. */
    static final class Archive implements ITypeConverter<ArchiveSpec> {
        @Override
        public ArchiveSpec convert(String value) {
            try {
                return ArchiveSpec.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** {@code --allow NAME=ID}. */
    static final class Allow implements ITypeConverter<AllowSpec> {
        @Override
        public AllowSpec convert(String value) {
            try {
                return AllowSpec.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
