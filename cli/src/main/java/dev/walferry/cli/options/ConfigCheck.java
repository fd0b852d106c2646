package dev.walferry.cli.options;

import dev.walferry.cli.options.ConfigFile.Entry;
import dev.walferry.cli.options.ConfigKeys.Target;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * Checks a config file against the options of the commands it is for, without running anything: unknown keys, keys
 * given twice, and (with values) values that the option would refuse, each problem naming the file, line and key.
 */
public final class ConfigCheck {

    /** One problem: {@code FILE:LINE: key 'k': why}. */
    public record Problem(ConfigFile file, Entry entry, String why) {
        @Override
        public String toString() {
            return file.where(entry) + ": key '" + entry.key() + "': " + why;
        }
    }

    private ConfigCheck() {}

    /** Unknown and repeated keys; cheap enough for every command start. */
    public static List<Problem> keys(ConfigFile file, ConfigKeys keys, ConfigKeys.Scope scope) {
        List<Problem> problems = new ArrayList<>();
        Map<String, Entry> seen = new HashMap<>();
        for (Entry e : file.entries()) {
            Entry before = seen.put(e.key(), e);
            if (before != null) {
                problems.add(new Problem(file, e, "given again (first on line " + before.line() + ")"));
            }
            if (keys.targets(e.key()).isEmpty()) {
                problems.add(new Problem(file, e, unknown(e.key(), keys, scope)));
            }
        }
        return problems;
    }

    /** {@link #keys} plus every value converted as the option of {@code root} (the walferry command) would. */
    public static List<Problem> all(CommandLine root, ConfigFile file, ConfigKeys.Scope scope) {
        ConfigKeys keys = new ConfigKeys(root, scope);
        List<Problem> problems = keys(file, keys, scope);
        for (Entry e : file.entries()) {
            for (Target t : keys.targets(e.key())) {
                String why = badValue(t, e.value());
                if (why != null) {
                    problems.add(new Problem(file, e, why));
                    break;
                }
            }
        }
        problems.sort(java.util.Comparator.comparingInt(p -> p.entry().line()));
        return problems;
    }

    /** Why {@code value} is not acceptable for the option, or null. */
    static String badValue(Target t, String value) {
        OptionSpec o = t.option();
        if (o.arity().max() == 0) {
            return value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")
                    ? null
                    : "'" + value + "' is not a boolean: use true or false";
        }
        // Parsed from the root: picocli cannot parse a subcommand on its own.
        List<String> args = new ArrayList<>(
                List.of(t.command().getCommandSpec().qualifiedName(" ").split(" ")));
        args.set(0, o.longestName() + "=" + value);
        java.util.Collections.rotate(args, -1);
        CommandLine root = t.command();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        try {
            root.parseArgs(args.toArray(String[]::new));
            return null;
        } catch (MissingParameterException e) {
            return null; // other required options are not this entry's business
        } catch (ParameterException e) {
            return e.getMessage();
        }
    }

    private static String unknown(String key, ConfigKeys keys, ConfigKeys.Scope scope) {
        List<String> names = keys.commands().stream()
                .map(CommandLine::getCommandName)
                .distinct()
                .toList();
        String these = scope == ConfigKeys.Scope.ANY
                ? "the walferry commands"
                : "the commands this file is for (" + String.join(", ", names) + ")";
        int dot = key.indexOf('.');
        if (dot < 0) {
            return "unknown key: none of " + these + " has an option --" + key;
        }
        String command = key.substring(0, dot);
        return names.contains(command)
                ? "unknown key: " + command + " has no option --" + key.substring(dot + 1)
                : "unknown key: '" + command + "' is not one of " + these;
    }
}
