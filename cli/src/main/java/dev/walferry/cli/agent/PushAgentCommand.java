package dev.walferry.cli.agent;

import dev.walferry.cli.options.ClientCommand;
import dev.walferry.cli.options.PushTuningOptions;
import dev.walferry.client.agent.AgentJobs;
import dev.walferry.client.agent.AgentLog;
import dev.walferry.client.agent.AgentWorker;
import dev.walferry.client.agent.PushAgent;
import dev.walferry.client.failure.ExitCode;
import dev.walferry.client.failure.WalferryException;
import dev.walferry.client.spool.AckSpool;
import dev.walferry.client.spool.AgentLock;
import dev.walferry.client.spool.Requests;
import dev.walferry.client.transport.PhaseTimer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import javax.net.ssl.SSLContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code walferry push-agent}: a long-running process on the primary, as the postgres user, that keeps warm TLS
 * connections to the receiver and pushes files for {@code walferry push} calls that share its spool directory
 * (docs/performance.md). The launcher of such a call asks the agent by a file in the spool and waits for the
 * receiver's durable acknowledgement there; without a live agent, or when the agent fails, the call pushes the file
 * itself. The agent also ships ahead the other {@code .ready} files of pg_wal.
 */
@Command(
        name = "push-agent",
        description = {
            "Keep connections to the receiver open and push WAL files for `walferry push` calls that use the same "
                    + "--spool-dir: a call then costs no JVM start and no TLS handshake.",
            "Runs until stopped (SIGTERM/SIGINT), as the postgres user, on the primary."
        })
public final class PushAgentCommand extends ClientCommand {

    @Mixin
    PushTuningOptions tuning;

    @Option(
            names = "--pgdata",
            paramLabel = "DIR",
            description = "Ship ahead the .ready files of DIR/pg_wal from the start (otherwise from the first push "
                    + "call on, for the pg_wal directory of the files it asks for).")
    Path pgdata;

    @Option(
            names = "--connections",
            paramLabel = "N",
            defaultValue = "2",
            description = "Connections to the receiver, each pushing one file at a time (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(
            names = {"-q", "--quiet"},
            description = "Print failures and the summary only, not each file.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        checkOptions();
        PrintWriter err = spec.commandLine().getErr();
        AgentLog log = new AgentLog(err, quiet);
        Path dir = spoolOption.required("push-agent").toAbsolutePath();
        AckSpool spool = openSpool(dir);
        SSLContext tls = receiver.target().sslContext();
        String target = receiver.target().archive() + "@" + receiver.target().serverText();
        boolean interrupted = false;
        try (AgentLock lock = lock(dir, target)) {
            AgentJobs jobs = new AgentJobs();
            PushAgent agent = new PushAgent(dir, target, spool, jobs, lock, tuning.shipAhead(), log);
            if (pgdata != null) {
                agent.watchWalDir(pgdata.toAbsolutePath().resolve("pg_wal"));
            }
            startWorkers(jobs, spool, agent.requests(), tls, target, log, lock);
            CountDownLatch done = new CountDownLatch(1);
            Thread hook = new Thread(
                    () -> {
                        agent.stop();
                        jobs.close();
                        try {
                            done.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    },
                    "push-agent-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            log.info("started (pid " + ProcessHandle.current().pid() + "), " + connections + " connections to " + target
                    + ", spool " + spoolOption.dir());
            try {
                agent.run();
            } catch (InterruptedException e) {
                // the thread running the agent was interrupted (an in-process caller, e.g. a test): stop as on
                // SIGTERM; the flag is set again only after the lock is released (an interrupted thread cannot)
                interrupted = true;
            } finally {
                jobs.close();
                log.info("stopping: " + log.summary());
                lock.close(); // before the shutdown hook lets the JVM end: push calls stop waiting for us
                done.countDown();
                removeHook(hook);
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return ExitCode.OK.code();
    }

    /** One thread per connection, each with its own connection to the receiver (opened on its first job). */
    private void startWorkers(
            AgentJobs jobs,
            AckSpool spool,
            Requests requests,
            SSLContext tls,
            String target,
            AgentLog log,
            AgentLock lock) {
        for (int i = 0; i < connections; i++) {
            AgentWorker w = new AgentWorker(
                    jobs,
                    spool,
                    requests,
                    () -> receiver.target().connect(receiver.target().address(), tls, new PhaseTimer(false)),
                    receiver.target().archive(),
                    target,
                    tuning.level(),
                    log,
                    lock);
            Thread t = new Thread(w, "push-agent-" + (i + 1));
            t.setDaemon(true);
            t.setUncaughtExceptionHandler((thread, e) -> AgentWorker.halt(lock, log, e));
            t.start();
        }
    }

    /** Drops the shutdown hook when the agent stopped without it (in-process stop), so that hooks do not pile up. */
    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running, or about to: it returns as soon as done is counted down
        }
    }

    private void checkOptions() {
        if (receiver.target().serverCount() != 1) {
            throw new WalferryException(
                    ExitCode.USAGE,
                    "push-agent works with a single --server (run one agent per "
                            + "receiver, each with its own --spool-dir)");
        }
        if (connections < 1 || connections > 16) {
            throw new WalferryException(ExitCode.USAGE, "--connections must be between 1 and 16, not " + connections);
        }
        if (tuning.shipAhead() < 0) {
            throw new WalferryException(ExitCode.USAGE, "--ship-ahead must be 0 or more, not " + tuning.shipAhead());
        }
        if (pgdata != null && !Files.isDirectory(pgdata.resolve("pg_wal").resolve("archive_status"))) {
            throw new WalferryException(
                    ExitCode.USAGE,
                    "--pgdata " + pgdata + ": no pg_wal/archive_status there " + "(give the primary's data directory)");
        }
    }

    private AckSpool openSpool(Path dir) {
        try {
            return AckSpool.open(dir);
        } catch (IOException e) {
            throw new WalferryException(
                    ExitCode.LOCAL_IO, "cannot use --spool-dir " + spoolOption.dir() + ": " + e.getMessage(), e);
        }
    }

    private AgentLock lock(Path dir, String target) {
        try {
            return AgentLock.acquire(dir, target);
        } catch (IOException e) {
            throw new WalferryException(ExitCode.USAGE, "cannot start: " + e.getMessage(), e);
        }
    }
}
