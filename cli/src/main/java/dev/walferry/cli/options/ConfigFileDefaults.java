package dev.walferry.cli.options;

import dev.walferry.cli.options.ConfigFile.Entry;
import dev.walferry.client.failure.ExitCode;
import dev.walferry.client.failure.WalferryException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Option defaults from a config file: {@code --config FILE}, or else the default file of the command when it exists
 * ({@link #RECEIVER_FILE} for serve, {@link #CLIENT_FILE} for push, push-agent, restore, prefetch and archive, in
 * {@link #defaultDirectory()}). Java properties syntax, {@code key = value}, where the key is an option's long name
 * without the dashes ({@code tls-dir}), or {@code command.key} ({@code push.server}) to apply to one command only.
 * Repeatable options take a comma-separated list. Values given on the command line win. An unknown key stops the
 * command with an error naming the file and line (see {@link ConfigCheck}).
 */
public final class ConfigFileDefaults implements IDefaultValueProvider {

    /** System property that moves the default directory (tests, unusual installs); else $WALFERRY_CONFIG_DIR. */
    public static final String DIR_PROPERTY = "walferry.config.dir";
    /** Where default config files live unless {@link #DIR_PROPERTY} or $WALFERRY_CONFIG_DIR says otherwise. */
    public static final Path DEFAULT_DIR = Path.of("/etc/walferry");

    public static final String RECEIVER_FILE = "receiver.conf";
    public static final String CLIENT_FILE = "client.conf";

    private static final Set<String> CLIENT_COMMANDS = Set.of("push", "push-agent", "restore", "prefetch", "archive");

    private final ConfigFile file;

    private ConfigFileDefaults(ConfigFile file) {
        this.file = file;
    }

    /** Reads {@code path} and checks its keys against every command of {@code root}. */
    static ConfigFileDefaults load(Path path, CommandLine root) {
        ConfigFile file = ConfigFile.read(path);
        List<ConfigCheck.Problem> problems =
                ConfigCheck.keys(file, new ConfigKeys(root, ConfigKeys.Scope.ANY), ConfigKeys.Scope.ANY);
        if (!problems.isEmpty()) {
            throw new WalferryException(ExitCode.USAGE, problems.get(0).toString());
        }
        return new ConfigFileDefaults(file);
    }

    /** The defaults for {@code args}: from {@code --config FILE}, else the command's default file, else null. */
    static ConfigFileDefaults forArgs(String[] args, CommandLine root) {
        Path explicit = findConfigArgument(args);
        Path path = explicit != null ? explicit : defaultFile(commandName(args));
        return path == null ? null : load(path, root);
    }

    /** The directory of the default config files. */
    public static Path defaultDirectory() {
        String dir = System.getProperty(DIR_PROPERTY, System.getenv("WALFERRY_CONFIG_DIR"));
        return dir == null || dir.isBlank() ? DEFAULT_DIR : Path.of(dir);
    }

    /** The default file of {@code command} when it exists, else null. */
    static Path defaultFile(String command) {
        if (command == null) {
            return null;
        }
        String name = "serve".equals(command) ? RECEIVER_FILE : CLIENT_COMMANDS.contains(command) ? CLIENT_FILE : null;
        if (name == null) {
            return null;
        }
        Path p = defaultDirectory().resolve(name);
        return Files.exists(p) ? p : null;
    }

    /** The subcommand: the first argument that is not an option. */
    private static String commandName(String[] args) {
        for (String a : args) {
            if (!a.startsWith("-")) {
                return a;
            }
        }
        return null;
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
        Entry e = entryFor(arg);
        return e == null ? null : e.value();
    }

    /** The entry that gives {@code arg} its default, or null. */
    Entry entryFor(ArgSpec arg) {
        if (!(arg instanceof OptionSpec o) || !ConfigKeys.isConfigurable(o)) {
            return null;
        }
        String key = ConfigKeys.key(o);
        CommandLine.Model.CommandSpec cmd = o.command();
        Entry scoped = cmd != null ? file.get(cmd.name() + "." + key) : null;
        return scoped != null ? scoped : file.get(key);
    }

    public ConfigFile file() {
        return file;
    }
}
