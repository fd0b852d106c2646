package dev.walferry.client.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Option defaults from a config file given with {@code --config FILE}: Java properties syntax,
 * {@code key = value}, where the key is an option's long name without the dashes ({@code tls-dir}), or
 * {@code command.key} ({@code push.server}) to apply to one command only. Repeatable options take a
 * comma-separated list. Values given on the command line win.
 */
final class ConfigFileDefaults implements IDefaultValueProvider {

    private final Path file;
    private final Properties values;

    private ConfigFileDefaults(Path file, Properties values) {
        this.file = file;
        this.values = values;
    }

    static ConfigFileDefaults load(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (IOException e) {
            throw new WalferryException(ExitCode.USAGE, "cannot read config file " + file + ": " + e.getMessage(), e);
        }
        return new ConfigFileDefaults(file, p);
    }

    /** Finds {@code --config FILE} or {@code --config=FILE} before picocli parses, so defaults apply. */
    static Path findConfigArgument(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                return Path.of(args[i + 1]);
            }
            if (args[i].startsWith("--config=")) {
                return Path.of(args[i].substring("--config=".length()));
            }
        }
        return null;
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec o) || o.longestName().equals("--config")) {
            return null;
        }
        String key = o.longestName().replaceFirst("^-+", "");
        CommandLine.Model.CommandSpec cmd = o.command();
        String v = cmd != null ? values.getProperty(cmd.name() + "." + key) : null;
        return v != null ? v.trim() : trimmed(values.getProperty(key));
    }

    private static String trimmed(String v) {
        return v == null ? null : v.trim();
    }

    Path file() {
        return file;
    }
}
