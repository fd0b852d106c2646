package dev.walferry.client.serve;

import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --archive NAME=DIR}: an archive's name and directory. */
public record ArchiveSpec(String name, Path dir) {

    /** Archive names: as the protocol allows them. */
    static final String NAME_RULE = "[A-Za-z0-9._-]{1,64}";

    /** picocli converter; a bad value becomes an "Invalid value for option" error naming the reason. */
    static final class Converter implements ITypeConverter<ArchiveSpec> {
        @Override
        public ArchiveSpec convert(String value) {
            String[] kv = pair(value, "NAME=DIR");
            return new ArchiveSpec(kv[0], Path.of(kv[1]));
        }
    }

    /** Splits {@code NAME=VALUE}, checking the name. */
    static String[] pair(String value, String form) {
        int eq = value.indexOf('=');
        if (eq <= 0 || eq == value.length() - 1) {
            throw new TypeConversionException("\"" + value + "\" is not of the form " + form);
        }
        String name = value.substring(0, eq).trim();
        if (!name.matches(NAME_RULE)) {
            throw new TypeConversionException("archive name \"" + name + "\" must be 1-64 letters, digits, '.', '_' "
                    + "or '-'");
        }
        return new String[] {name, value.substring(eq + 1).trim()};
    }

    @Override
    public String toString() {
        return name + "=" + dir;
    }
}
