package dev.walferry.pgctl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Appends settings to {@code postgresql.conf}. PostgreSQL takes the last occurrence of a setting, so appending
 * overrides what initdb or a base backup wrote; every value is written as a quoted string, which PostgreSQL
 * accepts for settings of every type.
 */
final class PgConf {

    static final String FILE_NAME = "postgresql.conf";

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_.]*");

    private PgConf() {}

    static void append(Path dataDir, Map<String, String> settings) {
        StringBuilder b = new StringBuilder("\n# walferry pgctl\n");
        settings.forEach((name, value) -> b.append(line(name, value)).append('\n'));
        Path conf = dataDir.resolve(FILE_NAME);
        try {
            Files.writeString(conf, b, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + conf, e);
        }
    }

    /** {@code name = 'value'}, with quotes and backslashes in the value escaped. */
    static String line(String name, String value) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a PostgreSQL setting name: " + name);
        }
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("a setting value cannot span lines: " + name);
        }
        return name + " = '" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }
}
