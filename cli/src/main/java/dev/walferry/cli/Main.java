package dev.walferry.cli;

import dev.walferry.cli.agent.PushAgentCommand;
import dev.walferry.cli.archive.ArchiveCommand;
import dev.walferry.cli.bench.BenchCommand;
import dev.walferry.cli.config.ConfigCommand;
import dev.walferry.cli.demo.DemoCommand;
import dev.walferry.cli.options.CommandLines;
import dev.walferry.cli.push.PushCommand;
import dev.walferry.cli.restore.PrefetchCommand;
import dev.walferry.cli.restore.RestoreCommand;
import dev.walferry.cli.serve.ServeCommand;
import dev.walferry.cli.tls.TlsCommand;
import dev.walferry.client.failure.WalferryException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code walferry} executable. Only {@link #main} calls {@code System.exit}. */
@Command(
        name = "walferry",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "PostgreSQL WAL archive transport over mutual TLS.",
        subcommands = {
            PushCommand.class,
            PushAgentCommand.class,
            RestoreCommand.class,
            ServeCommand.class,
            ArchiveCommand.class,
            TlsCommand.class,
            ConfigCommand.class,
            DemoCommand.class,
            BenchCommand.class,
            PrefetchCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main {

    public static void main(String[] args) {
        LauncherWatch.start(System.getProperty(LauncherWatch.PROPERTY));
        int code = run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        System.exit(code);
    }

    /** Runs one command line and returns its exit code; output goes to {@code out} and {@code err}. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cmd;
        try {
            cmd = CommandLines.configured(new Main(), args, out, err);
        } catch (WalferryException e) {
            err.println("walferry: " + e.getMessage());
            return e.exitCode().code();
        }
        return cmd.execute(args);
    }

    /** The configured command line, for tests and build-time generators that want to call it directly. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        return CommandLines.commandLine(new Main(), out, err);
    }
}
