package dev.walferry.cli.docgen;

import dev.walferry.client.failure.ExitCode;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * One manual page in troff ({@code man(7)} macros), written from the picocli model of a command, so that it can
 * never disagree with {@code --help}. picocli's own ManPageGenerator writes AsciiDoc, which needs Asciidoctor to
 * become a page that {@code man} shows; this writes the page directly.
 */
final class ManPage {

    /** Wide enough for any synopsis of ours to stay on one line. */
    private static final int SYNOPSIS_WIDTH = 1000;

    private final CommandLine command;
    private final String version;
    private final StringBuilder b = new StringBuilder();

    private ManPage(CommandLine command, String version) {
        this.command = command;
        this.version = version;
    }

    /** The page of {@code command}, e.g. {@code walferry-tls-renew(1)}. */
    static String of(CommandLine command, String version) {
        return new ManPage(command, version).write();
    }

    /** {@code walferry-tls-renew}: the qualified name with dashes. */
    static String pageName(CommandLine command) {
        return command.getCommandSpec().qualifiedName("-");
    }

    private String write() {
        CommandSpec spec = command.getCommandSpec();
        String name = pageName(command);
        line(".TH " + name.toUpperCase(java.util.Locale.ROOT) + " 1 \"\" \"walferry " + version
                + "\" \"walferry manual\"");
        line(".SH NAME");
        String[] description = spec.usageMessage().description();
        line(escape(name) + " \\- "
                + escape(description.length > 0 ? firstSentence(description[0]) : spec.qualifiedName()));
        line(".SH SYNOPSIS");
        spec.usageMessage().width(SYNOPSIS_WIDTH); // one line: man wraps it
        String synopsis =
                command.getHelp().synopsis(0).replaceFirst("^Usage: ", "").strip();
        line(".nf");
        text(synopsis.replaceAll("\\s+", " "));
        line(".fi");
        if (description.length > 0) {
            line(".SH DESCRIPTION");
            for (String d : description) {
                text(d);
                line(".PP");
            }
        }
        positionals(spec.positionalParameters());
        options(spec.options());
        subcommands(command.getSubcommands());
        if (spec.parent() == null) {
            exitStatus();
            files();
        }
        line(".SH SEE ALSO");
        text(seeAlso());
        return b.toString();
    }

    private void positionals(List<PositionalParamSpec> params) {
        if (params.isEmpty()) {
            return;
        }
        line(".SH ARGUMENTS");
        for (PositionalParamSpec p : params) {
            line(".TP");
            line(".I " + escape(p.paramLabel()));
            text(String.join(" ", p.description()));
        }
    }

    private void options(List<OptionSpec> options) {
        if (options.isEmpty()) {
            return;
        }
        line(".SH OPTIONS");
        for (OptionSpec o : options) {
            line(".TP");
            String names = String.join(", ", o.names());
            line(".B " + escape(names) + (o.arity().max() > 0 ? " \" \\fI" + escape(o.paramLabel()) + "\\fR\"" : ""));
            String d = String.join(" ", o.description());
            text(d.replace("${DEFAULT-VALUE}", String.valueOf(o.defaultValue()))
                    .replace("${COMPLETION-CANDIDATES}", candidates(o)));
        }
    }

    private static String candidates(OptionSpec o) {
        Iterable<String> c = o.completionCandidates();
        return c == null ? "" : String.join(", ", c);
    }

    private void subcommands(Map<String, CommandLine> subs) {
        if (subs.isEmpty()) {
            return;
        }
        line(".SH COMMANDS");
        for (CommandLine sub : subs.values()) {
            if (sub.getCommandName().equals("help")) {
                continue;
            }
            line(".TP");
            line(".B " + escape(sub.getCommandName()));
            String[] d = sub.getCommandSpec().usageMessage().description();
            text((d.length > 0 ? firstSentence(d[0]) : "") + " See " + pageName(sub) + "(1).");
        }
    }

    private void exitStatus() {
        line(".SH EXIT STATUS");
        for (ExitCode c : ExitCode.values()) {
            line(".TP");
            line(".B " + c.code() + " (" + c.name() + ")");
            text(c.meaning());
        }
    }

    private void files() {
        line(".SH FILES");
        line(".TP");
        line(".I /etc/walferry/receiver.conf");
        text("Option defaults of walferry serve, when no --config is given (key = long option name).");
        line(".TP");
        line(".I /etc/walferry/client.conf");
        text("Option defaults of push, push-agent, restore, prefetch and archive, when no --config is given.");
    }

    private String seeAlso() {
        CommandSpec parent = command.getCommandSpec().parent();
        return (parent == null ? "" : parent.qualifiedName("-") + "(1), ")
                + "walferry(1), postgres(1), pg_archivecleanup(1)";
    }

    private static String firstSentence(String s) {
        int dot = s.indexOf(". ");
        return dot > 0 ? s.substring(0, dot + 1) : s;
    }

    private void line(String s) {
        b.append(s).append('\n');
    }

    /** A text line: escaped, and never starting with a control character. */
    private void text(String s) {
        String t = escape(Help.Ansi.OFF.string(s));
        b.append(t.startsWith(".") || t.startsWith("'") ? "\\&" + t : t).append('\n');
    }

    static String escape(String s) {
        return s.replace("\\", "\\e").replace("-", "\\-");
    }
}
