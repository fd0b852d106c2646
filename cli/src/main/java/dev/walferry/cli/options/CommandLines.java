package dev.walferry.cli.options;

import dev.walferry.client.failure.ExitCode;
import dev.walferry.client.failure.WalferryException;
import dev.walferry.client.restore.RecoveryMode;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * How every {@code walferry} command line is set up: exit codes for failures, config-file defaults, the messages of
 * bad input. Commands that parse a command line again (the receiver's reload) use it with the root command's class,
 * so that no command needs to know {@code Main}.
 */
public final class CommandLines {

    private CommandLines() {}

    /**
     * The command line with the option defaults that {@code args} select: {@code --config FILE}, else the command's
     * default file (see {@link ConfigFileDefaults}). The receiver uses it again to re-read its configuration.
     *
     * @throws WalferryException (USAGE) naming the file and line when the config file is unreadable or has an
     *                           unknown key
     */
    public static CommandLine configured(Object root, String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cmd = commandLine(root, out, err);
        ConfigFileDefaults defaults = ConfigFileDefaults.forArgs(args, cmd);
        if (defaults != null) {
            cmd.setDefaultValueProvider(defaults);
            cmd.setParameterExceptionHandler((e, a) -> invalidInput(e, defaults));
        }
        return cmd;
    }

    /** picocli's own handling of bad input, with the config file's line in front when the value came from there. */
    private static int invalidInput(CommandLine.ParameterException e, ConfigFileDefaults defaults) {
        CommandLine c = e.getCommandLine();
        c.getErr().println(describe(e, defaults));
        if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, c.getErr())) {
            c.usage(c.getErr());
        }
        return ExitCode.USAGE.code();
    }

    /**
     * The message of a parse failure, with {@code FILE:LINE: key 'k': } in front when the bad value came from the
     * config file {@code defaults} (may be null).
     */
    public static String describe(CommandLine.ParameterException e, ConfigFileDefaults defaults) {
        ConfigFile.Entry entry = defaults == null || e.getArgSpec() == null ? null : defaults.entryFor(e.getArgSpec());
        return (entry == null ? "" : defaults.file().where(entry) + ": key '" + entry.key() + "': ") + e.getMessage();
    }

    /** The command line of {@code root} (the {@code walferry} command object) with walferry's handlers. */
    public static CommandLine commandLine(Object root, PrintWriter out, PrintWriter err) {
        CommandLine cmd = new CommandLine(root);
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        cmd.setOut(out);
        cmd.setErr(err);
        cmd.setExecutionExceptionHandler(CommandLines::handle);
        CommandLine.IParameterExceptionHandler usage = cmd.getParameterExceptionHandler();
        cmd.setParameterExceptionHandler((ex, args) -> {
            int code = usage.handleParseException(ex, args);
            // docs/postgres-contract.md R4: a bad restore_command line during targeted recovery must not read as "file
            // not found".
            if ("restore".equals(ex.getCommandLine().getCommandName())
                    && RecoveryMode.detect(Path.of(".")) == RecoveryMode.TARGETED) {
                ex.getCommandLine()
                        .getErr()
                        .println("walferry restore: stopping targeted recovery (exit 126) "
                                + "rather than reporting the file as missing, which would end recovery early");
                return ExitCode.RECOVERY_ABORT.code();
            }
            return code;
        });
        cmd.setExitCodeExceptionMapper(e -> {
            if (e instanceof WalferryException w) {
                return w.exitCode().code();
            }
            return e instanceof CommandLine.ParameterException ? ExitCode.USAGE.code() : ExitCode.INTERNAL.code();
        });
        return cmd;
    }

    private static int handle(Exception e, CommandLine cmd, ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        String prefix = cmd.getCommandSpec().qualifiedName() + ": ";
        boolean verbose = isVerbose(parsed);
        if (e instanceof WalferryException w) {
            err.println(prefix + "error: " + w.getMessage());
            if (verbose) {
                e.printStackTrace(err);
            }
            err.flush();
            return w.exitCode().code();
        }
        err.println(prefix + "internal error: " + e + (verbose ? "" : " (run with --verbose for details)"));
        if (verbose) {
            e.printStackTrace(err);
        }
        err.flush();
        return ExitCode.INTERNAL.code();
    }

    private static boolean isVerbose(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }
}
