package dev.walferry.pgctl;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * One PostgreSQL cluster on this machine: a data directory, a server listening on 127.0.0.1 at a free port
 * (no Unix socket), and a server log beside the data directory ({@code <dataDir>.log}). Every tool runs as
 * the postgres user of {@link PgTools}. {@link #close()} stops the server if it runs.
 */
public final class PgCluster implements AutoCloseable {

    /** The superuser initdb creates; connections trust it (initdb {@code --auth=trust}). */
    public static final String SUPERUSER = "postgres";

    private static final String HOST = "127.0.0.1";
    private static final int START_ATTEMPTS = 3;
    private static final Duration PG_CTL_WAIT = Duration.ofSeconds(60);
    private static final Duration PG_CTL_TIMEOUT = PG_CTL_WAIT.plusSeconds(15);

    private final PgTools tools;
    private final Path dataDir;
    private final Path logFile;
    private final boolean noSync;
    private int port;

    private PgCluster(PgTools tools, Path dataDir, boolean noSync) {
        this.tools = tools;
        this.dataDir = dataDir.toAbsolutePath();
        this.logFile = this.dataDir.resolveSibling(this.dataDir.getFileName() + ".log");
        this.noSync = noSync;
    }

    /**
     * Creates a cluster in {@code dataDir} (which must not exist or be empty) and configures it to listen on
     * 127.0.0.1 at a free port. The server is not started.
     */
    public static PgCluster initdb(PgTools tools, Path dataDir, InitOptions options) {
        PgCluster c = new PgCluster(tools, dataDir, options.noSync());
        PostgresFiles.createDirectory(tools.user(), c.dataDir);
        List<String> args = new ArrayList<>(
                List.of("-D", c.dataDir.toString(), "--auth=trust", "-U", SUPERUSER, "--encoding=UTF8", "--locale=C"));
        if (options.walSegmentSizeMb() != InitOptions.DEFAULT_WAL_SEGMENT_MB) {
            args.add("--wal-segsize=" + options.walSegmentSizeMb()); // PostgreSQL 11+
        }
        if (options.dataChecksums()) {
            args.add("--data-checksums");
        }
        if (options.noSync()) {
            args.add("--no-sync");
        }
        tools.run("initdb", args, PG_CTL_TIMEOUT);
        c.configureNetwork();
        if (!options.fsync()) {
            c.configure(Map.of("fsync", "off"));
        }
        return c;
    }

    /**
     * A cluster whose data directory already exists, such as a base backup: it gets its own free port and
     * 127.0.0.1-only listening, overriding what the directory's postgresql.conf says.
     */
    public static PgCluster existing(PgTools tools, Path dataDir) {
        PgCluster c = new PgCluster(tools, dataDir, false);
        c.configureNetwork();
        return c;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The server log ({@code pg_ctl -l}); it grows across restarts. */
    public Path logFile() {
        return logFile;
    }

    public int port() {
        return port;
    }

    public PgTools tools() {
        return tools;
    }

    /** {@code host=127.0.0.1 port=N user=postgres dbname=postgres}, e.g. for primary_conninfo. */
    public String connectionString() {
        return "host=" + HOST + " port=" + port + " user=" + SUPERUSER + " dbname=postgres";
    }

    /** Appends {@code settings} to postgresql.conf, in the map's order; later values override earlier ones. */
    public void configure(Map<String, String> settings) {
        PgConf.append(dataDir, settings);
        String p = settings.get("port");
        if (p != null) {
            port = Integer.parseInt(p);
        }
    }

    /**
     * Starts the server and waits until it accepts connections ({@code pg_ctl start -w}); a standby is
     * ready once it is consistent. Picks a new port when another process took this one meanwhile.
     *
     * @throws PgException with the tail of the server log when it does not start
     */
    public void start() {
        PostgresFiles.createFile(tools.user(), logFile);
        ServerLog log = new ServerLog(logFile);
        for (int attempt = 1; ; attempt++) {
            long logStart = log.end();
            ProcessResult r = pgCtl(List.of("-l", logFile.toString(), "start"));
            if (r.succeeded()) {
                return;
            }
            String printed = log.readFrom(logStart);
            if (attempt < START_ATTEMPTS && printed.contains("could not bind")) {
                configure(Map.of("port", Integer.toString(FreePort.pick())));
                continue;
            }
            throw new PgException("server in " + dataDir + " did not start; " + logFile + " ends with:\n"
                    + ServerLog.lastLines(printed, 30) + "\n" + r.outputTail());
        }
    }

    /** Stops the server ({@code pg_ctl stop -w -m mode}). */
    public void stop(StopMode mode) {
        ProcessResult r = pgCtl(List.of("-m", mode.arg(), "stop"));
        if (!r.succeeded()) {
            throw new CommandFailedException(r.command(), r.exitCode(), r.outputTail(), "server did not stop");
        }
    }

    /** Whether a server runs on this data directory ({@code pg_ctl status}). */
    public boolean isRunning() {
        return Files.isDirectory(dataDir)
                && tools.runAllowingFailure("pg_ctl", List.of("-D", dataDir.toString(), "status"), PG_CTL_TIMEOUT)
                        .succeeded();
    }

    /** Promotes a standby and waits until it accepts writes ({@code pg_ctl promote -w}). */
    public void promote() {
        ProcessResult r = pgCtl(List.of("promote"));
        if (!r.succeeded()) {
            throw new CommandFailedException(r.command(), r.exitCode(), r.outputTail(), "promotion failed");
        }
    }

    /**
     * Runs {@code sql} with psql as the superuser on database postgres, unaligned, tuples only.
     *
     * @return stdout, trimmed; rows on separate lines, columns separated by {@code |}
     * @throws CommandFailedException when the statement fails
     */
    public String query(String sql) {
        return tools.run(
                        "psql",
                        List.of(
                                "-X",
                                "-A",
                                "-t",
                                "-q",
                                "-v",
                                "ON_ERROR_STOP=1",
                                "-h",
                                HOST,
                                "-p",
                                Integer.toString(port),
                                "-U",
                                SUPERUSER,
                                "-d",
                                "postgres",
                                "-c",
                                sql))
                .stdout()
                .strip();
    }

    public boolean isInRecovery() {
        return "t".equals(query("SELECT pg_is_in_recovery()"));
    }

    /** The last WAL position a standby replayed ({@code 0/3000148}); empty on a primary. */
    public Optional<String> lastReplayLsn() {
        String lsn = query("SELECT pg_last_wal_replay_lsn()");
        return lsn.isEmpty() ? Optional.empty() : Optional.of(lsn);
    }

    /**
     * Completes the current WAL segment, so it can be archived.
     *
     * @return the name of the completed segment, which is in {@code pg_wal} ({@link #walFile})
     */
    public String switchWal() {
        return query("SELECT pg_walfile_name(pg_switch_wal())");
    }

    /** The path of a file in this cluster's {@code pg_wal}. */
    public Path walFile(String name) {
        return dataDir.resolve("pg_wal").resolve(name);
    }

    /** {@code pgbench -i -s scale}: creates and fills the pgbench tables. */
    public void pgbenchInit(int scale) {
        tools.run("pgbench", withDatabase(List.of("-i", "-q", "-s", Integer.toString(scale))), PG_CTL_TIMEOUT);
    }

    /** Runs {@code transactions} pgbench transactions per client, without vacuuming first. */
    public PgbenchRun pgbench(int clients, int transactions) {
        return pgbenchRun(clients, List.of("-t", Integer.toString(transactions)), PG_CTL_TIMEOUT);
    }

    /** Runs pgbench for {@code duration}, without vacuuming first. */
    public PgbenchRun pgbenchFor(int clients, Duration duration) {
        return pgbenchRun(
                clients,
                List.of("-T", Long.toString(Math.max(1, duration.toSeconds()))),
                duration.plus(PG_CTL_TIMEOUT));
    }

    /**
     * Takes a base backup into {@code target} ({@code pg_basebackup -c fast}) and returns it as a cluster of its
     * own, not started. It inherits this cluster's settings (archive_command included) and its no-sync choice.
     */
    public PgCluster baseBackup(Path target, WalMethod wal) {
        PostgresFiles.createDirectory(tools.user(), target);
        List<String> args = new ArrayList<>(List.of("-D", target.toString(), "-X", wal.arg(), "-c", "fast"));
        if (noSync) {
            args.add("--no-sync");
        }
        tools.run("pg_basebackup", withConnection(args), PG_CTL_TIMEOUT);
        PgCluster backup = new PgCluster(tools, target, noSync);
        backup.configureNetwork();
        return backup;
    }

    /** Creates {@code standby.signal} or {@code recovery.signal} in the data directory. */
    public void writeSignal(RecoverySignal signal) {
        PostgresFiles.createFile(tools.user(), dataDir.resolve(signal.fileName()));
    }

    /** {@code pg_controldata}, parsed. */
    public ControlData controlData() {
        return ControlData.parse(
                tools.run("pg_controldata", List.of("-D", dataDir.toString())).stdout());
    }

    public long systemIdentifier() {
        return controlData().systemIdentifier();
    }

    /**
     * Polls {@code condition} until it holds. A tool failing inside the condition (say, a table a standby has
     * not replayed yet) counts as "not yet"; the last such failure is attached when time runs out.
     *
     * @throws PgException when it does not hold within {@code timeout}
     */
    public void waitUntil(String what, Duration timeout, Predicate<PgCluster> condition) {
        AtomicReference<CommandFailedException> lastFailure = new AtomicReference<>();
        try {
            Await.until(what + " (" + dataDir.getFileName() + ")", timeout, () -> {
                try {
                    return condition.test(this);
                } catch (CommandFailedException e) {
                    lastFailure.set(e);
                    return false;
                }
            });
        } catch (PgException e) {
            if (lastFailure.get() != null) {
                e.addSuppressed(lastFailure.get());
            }
            throw e;
        }
    }

    /** Stops the server if it runs: fast, or immediate when fast fails. */
    @Override
    public void close() {
        if (!isRunning()) {
            return;
        }
        try {
            stop(StopMode.FAST);
        } catch (PgException e) {
            stop(StopMode.IMMEDIATE);
        }
    }

    @Override
    public String toString() {
        return "PgCluster[" + dataDir + ", port " + port + "]";
    }

    private void configureNetwork() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("listen_addresses", HOST);
        s.put("port", Integer.toString(FreePort.pick()));
        s.put("unix_socket_directories", "");
        configure(s);
    }

    private ProcessResult pgCtl(List<String> command) {
        List<String> args =
                new ArrayList<>(List.of("-D", dataDir.toString(), "-w", "-t", Long.toString(PG_CTL_WAIT.toSeconds())));
        args.addAll(command);
        return tools.runAllowingFailure("pg_ctl", args, PG_CTL_TIMEOUT);
    }

    private PgbenchRun pgbenchRun(int clients, List<String> length, Duration timeout) {
        List<String> args = new ArrayList<>(
                List.of("-n", "-c", Integer.toString(clients), "-j", Integer.toString(Math.min(clients, 2))));
        args.addAll(length);
        return PgbenchRun.parse(
                tools.run("pgbench", withDatabase(args), timeout).stdout());
    }

    private List<String> withConnection(List<String> args) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of("-h", HOST, "-p", Integer.toString(port), "-U", SUPERUSER));
        return all;
    }

    private List<String> withDatabase(List<String> args) {
        List<String> all = withConnection(args);
        all.add("postgres");
        return all;
    }
}
