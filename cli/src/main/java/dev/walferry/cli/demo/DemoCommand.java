package dev.walferry.cli.demo;

import dev.walferry.cli.options.CommonOptions;
import dev.walferry.client.failure.ExitCode;
import dev.walferry.pgctl.PgTools;
import dev.walferry.pglab.demo.DemoRun;
import dev.walferry.pglab.demo.WalferryInstallation;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code walferry demo}: the whole warm-standby story on localhost, in a temp directory: certificates, receiver,
 * primary, standby, pgbench with a live progress line, promotion, data comparison, summary, cleanup.
 */
@Command(
        name = "demo",
        description = {
            "Run primary -> receiver -> standby on localhost with pgbench load, fail over, " + "and compare the data.",
            "Needs the PostgreSQL server binaries; as root, PostgreSQL runs as 'postgres'."
        })
public final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = "--scale", defaultValue = "10", description = "pgbench scale (default: ${DEFAULT-VALUE}).")
    int scale;

    @Option(names = "--seconds", defaultValue = "30", description = "pgbench run time (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--clients", defaultValue = "4", description = "pgbench clients (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--keep", description = "Leave everything running at the end and print how to connect.")
    boolean keep;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PgTools tools = WalferryInstallation.postgres();
        DemoRun run = new DemoRun(out, tools, WalferryInstallation.currentHome(), scale, seconds, clients);
        boolean ok = run.execute(keep);
        return ok ? ExitCode.OK.code() : ExitCode.UNHEALTHY.code();
    }
}
