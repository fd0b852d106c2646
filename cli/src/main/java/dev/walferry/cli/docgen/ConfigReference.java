package dev.walferry.cli.docgen;

import dev.walferry.cli.Main;
import dev.walferry.cli.options.ConfigKeys;
import dev.walferry.cli.options.ConfigKeys.Scope;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The key tables of docs/configuration.md, from the picocli model: one row per key with the commands that take it,
 * its default and its description. ConfigReferenceTest fails when the doc differs;
 * {@code GenerateDocs --config-doc docs/configuration.md} rewrites the tables in place.
 */
public final class ConfigReference {

    /** Markers around the generated part of the doc. */
    public static final String BEGIN = "<!-- generated keys: begin (GenerateDocs --config-doc) -->";

    public static final String END = "<!-- generated keys: end -->";

    private ConfigReference() {}

    /** The generated part: a table for the receiver, then one for the clients. */
    public static String tables() {
        CommandLine root = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        return "### receiver.conf (walferry serve)\n\n" + table(new ConfigKeys(root, Scope.RECEIVER))
                + "\n### client.conf (push, push-agent, restore, prefetch, archive list|status|show|verify|cleanup)\n\n"
                + table(new ConfigKeys(root, Scope.CLIENT));
    }

    private static String table(ConfigKeys keys) {
        Map<String, Row> rows = new TreeMap<>();
        for (CommandLine c : keys.commands()) {
            for (OptionSpec o : c.getCommandSpec().options()) {
                if (ConfigKeys.isConfigurable(o)) {
                    rows.computeIfAbsent(ConfigKeys.key(o), k -> new Row(o))
                            .commands
                            .put(c.getCommandName(), o);
                }
            }
        }
        StringBuilder b = new StringBuilder("| key | commands | default | meaning |\n|---|---|---|---|\n");
        rows.forEach((key, r) -> b.append("| `")
                .append(key)
                .append("` | ")
                .append(String.join(", ", r.commands.keySet()))
                .append(" | ")
                .append(r.defaultText())
                .append(" | ")
                .append(r.description())
                .append(" |\n"));
        return b.toString();
    }

    /** One key; the first command's option gives default and description. */
    private static final class Row {
        final OptionSpec first;
        final Map<String, OptionSpec> commands = new LinkedHashMap<>();

        Row(OptionSpec first) {
            this.first = first;
        }

        String defaultText() {
            if (first.required()) {
                return "required";
            }
            String d = first.defaultValue();
            if (d == null) {
                return first.arity().max() == 0 ? "`false`" : "none";
            }
            return "`" + d + "`";
        }

        String description() {
            String d = String.join(" ", first.description())
                    .replace("${DEFAULT-VALUE}", String.valueOf(first.defaultValue()))
                    .replace("|", "\\|");
            return first.typeInfo().isMultiValue() ? d + " Comma-separated list." : d;
        }
    }

    /** {@code doc} with its generated part replaced by {@link #tables()}. */
    public static String update(String doc) {
        int b = doc.indexOf(BEGIN);
        int e = doc.indexOf(END);
        if (b < 0 || e < b) {
            throw new IllegalArgumentException("the markers " + BEGIN + " and " + END + " are missing");
        }
        return doc.substring(0, b + BEGIN.length()) + "\n\n" + tables() + "\n" + doc.substring(e);
    }

    /** The generated part of {@code doc}, as it is. */
    public static String current(String doc) {
        int b = doc.indexOf(BEGIN);
        int e = doc.indexOf(END);
        return b < 0 || e < b ? "" : doc.substring(b + BEGIN.length(), e).strip() + "\n";
    }
}
