package dev.walferry.client.cli;

import dev.walferry.client.archive.ArchiveCommand;
import dev.walferry.client.bench.BenchCommand;
import dev.walferry.client.demo.DemoCommand;
import dev.walferry.client.push.PushCommand;
import dev.walferry.client.restore.PrefetchCommand;
import dev.walferry.client.restore.RestoreCommand;
import dev.walferry.client.serve.ServeCommand;
import dev.walferry.client.tls.TlsCommand;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParseResult;

/** The {@code walferry} executable. Only {@link #main} calls {@code System.exit}. */
@Command(name = "walferry", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "PostgreSQL WAL archive transport over mutual TLS.",
        subcommands = {PushCommand.class, RestoreCommand.class, ServeCommand.class, ArchiveCommand.class,
                TlsCommand.class, DemoCommand.class, BenchCommand.class, PrefetchCommand.class,
                CommandLine.HelpCommand.class})
public final class Main {

    public static void main(String[] args) {
        int code = run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        System.exit(code);
    }

    /** Runs one command line and returns its exit code; output goes to {@code out} and {@code err}. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cmd = commandLine(out, err);
        Path config = ConfigFileDefaults.findConfigArgument(args);
        if (config != null) {
            try {
                cmd.setDefaultValueProvider(ConfigFileDefaults.load(config));
            } catch (WalferryException e) {
                err.println("walferry: " + e.getMessage());
                return e.exitCode().code();
            }
        }
        return cmd.execute(args);
    }

    /** The configured command line, for tests that want to call it directly. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cmd = new CommandLine(new Main());
        cmd.setOut(out);
        cmd.setErr(err);
        cmd.setExecutionExceptionHandler(Main::handle);
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
