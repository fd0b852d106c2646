package dev.walferry.client.cli;

import dev.walferry.client.agent.PushAgentCommand;
import dev.walferry.client.archive.ArchiveCommand;
import dev.walferry.client.bench.BenchCommand;
import dev.walferry.client.config.ConfigCommand;
import dev.walferry.client.demo.DemoCommand;
import dev.walferry.client.push.PushCommand;
import dev.walferry.client.restore.PrefetchCommand;
import dev.walferry.client.restore.RestoreCommand;
import dev.walferry.client.serve.ServeCommand;
import dev.walferry.client.tls.TlsCommand;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParseResult;

/** The {@code walferry} executable. Only {@link #main} calls {@code System.exit}. */
@Command(name = "walferry", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "PostgreSQL WAL archive transport over mutual TLS.",
        subcommands = {PushCommand.class, PushAgentCommand.class, RestoreCommand.class, ServeCommand.class,
                ArchiveCommand.class, TlsCommand.class, ConfigCommand.class, DemoCommand.class, BenchCommand.class, PrefetchCommand.class,
                CommandLine.HelpCommand.class})
public final class Main {

    public static void main(String[] args) {
        int code = run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        System.exit(code);
    }

    /** Runs one command line and returns its exit code; output goes to {@code out} and {@code err}. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cmd;
        try {
            cmd = configured(args, out, err);
        } catch (WalferryException e) {
            err.println("walferry: " + e.getMessage());
            return e.exitCode().code();
        }
        return cmd.execute(args);
    }

    /**
     * The command line with the option defaults that {@code args} select: {@code --config FILE}, else the command's
     * default file (see {@link ConfigFileDefaults}). The receiver uses it again to re-read its configuration.
     *
     * @throws WalferryException (USAGE) naming the file and line when the config file is unreadable or has an
     *                           unknown key
     */
    public static CommandLine configured(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cmd = commandLine(out, err);
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

    /** The configured command line, for tests that want to call it directly. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cmd = new CommandLine(new Main());
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        cmd.setOut(out);
        cmd.setErr(err);
        cmd.setExecutionExceptionHandler(Main::handle);
        CommandLine.IParameterExceptionHandler usage = cmd.getParameterExceptionHandler();
        cmd.setParameterExceptionHandler((ex, args) -> {
            int code = usage.handleParseException(ex, args);
            // DESIGN R4: a bad restore_command line during targeted recovery must not read as "file not found".
            if ("restore".equals(ex.getCommandLine().getCommandName())
                    && dev.walferry.client.restore.RecoveryMode.detect(java.nio.file.Path.of(".")) ==
                    dev.walferry.client.restore.RecoveryMode.TARGETED) {
                ex.getCommandLine().getErr().println("walferry restore: stopping targeted recovery (exit 126) "
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
