package dev.walferry.cli.options;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The keys a config file may hold, read from the picocli model so that they can never drift from the options:
 * {@code key} is an option's long name without the dashes and applies to every command that has the option;
 * {@code command.key} applies to that one command ({@code push.server}, {@code list.json}).
 */
public final class ConfigKeys {

    /** Which commands a config file is for. */
    public enum Scope {
        /** {@code /etc/walferry/receiver.conf}: the receiver. */
        RECEIVER(Set.of("serve")),
        /** {@code /etc/walferry/client.conf}: what PostgreSQL and the operator run on a database host. */
        CLIENT(Set.of("push", "push-agent", "restore", "prefetch", "list", "status", "show", "verify", "cleanup")),
        /** Any command. */
        ANY(null);

        private final Set<String> commands;

        Scope(Set<String> commands) {
            this.commands = commands;
        }

        boolean includes(String command) {
            return commands == null || commands.contains(command);
        }

        /** The scope a file is for, from its name: receiver*.conf, client*.conf, anything else. */
        public static Scope ofFileName(String name) {
            return name.startsWith("receiver") ? RECEIVER : name.startsWith("client") ? CLIENT : ANY;
        }
    }

    /** An option of one command that a key sets. */
    public record Target(CommandLine command, OptionSpec option) {}

    private final List<CommandLine> commands;

    /** The commands of {@code root} (recursively) that {@code scope} includes. */
    public ConfigKeys(CommandLine root, Scope scope) {
        List<CommandLine> all = new ArrayList<>();
        collect(root, all);
        this.commands =
                all.stream().filter(c -> scope.includes(c.getCommandName())).toList();
    }

    private static void collect(CommandLine c, List<CommandLine> out) {
        for (CommandLine sub : c.getSubcommands().values()) {
            if (!sub.getCommandName().equals("help") && !out.contains(sub)) {
                out.add(sub);
                collect(sub, out);
            }
        }
    }

    public List<CommandLine> commands() {
        return commands;
    }

    /** The options {@code key} sets, empty when it names none. */
    public List<Target> targets(String key) {
        int dot = key.indexOf('.');
        String command = dot < 0 ? null : key.substring(0, dot);
        String name = dot < 0 ? key : key.substring(dot + 1);
        List<Target> found = new ArrayList<>();
        for (CommandLine c : commands) {
            if (command != null && !c.getCommandName().equals(command)) {
                continue;
            }
            for (OptionSpec o : c.getCommandSpec().options()) {
                if (isConfigurable(o) && key(o).equals(name)) {
                    found.add(new Target(c, o));
                }
            }
        }
        return found;
    }

    /** The key of an option: its longest name without the dashes. */
    public static String key(OptionSpec o) {
        return o.longestName().replaceFirst("^-+", "");
    }

    /** Help, version and {@code --config} itself cannot come from a config file. */
    public static boolean isConfigurable(OptionSpec o) {
        return !o.usageHelp() && !o.versionHelp() && !o.longestName().equals("--config");
    }
}
