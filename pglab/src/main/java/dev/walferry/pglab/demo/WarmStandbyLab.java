package dev.walferry.pglab.demo;

import dev.walferry.pgctl.InitOptions;
import dev.walferry.pgctl.PgCluster;
import dev.walferry.pgctl.PgTools;
import dev.walferry.pgctl.PgWorkspace;
import dev.walferry.pgctl.RecoverySignal;
import dev.walferry.pgctl.StopMode;
import dev.walferry.pgctl.WalMethod;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The classic warm-standby runbook with walferry instead of rsync, on one machine: a receiver, a primary whose
 * archive_command is {@code walferry push}, a standby made from a base backup whose restore_command is
 * {@code walferry restore}, failover by promotion, and the old primary rebuilt as a standby of the new one. Used by
 * {@code walferry demo} and by the end-to-end tests; each step is a method, the caller decides what to show or
 * assert.
 */
public final class WarmStandbyLab implements AutoCloseable {

    /** The archive's name on the receiver. */
    public static final String ARCHIVE = "main";

    private static final Duration WAIT = Duration.ofMinutes(5);

    private final PgWorkspace ws;
    private final WalferryInstallation walferry;
    private final Path archiveDir;
    private ReceiverProcess receiver;
    private AgentProcess agent;
    private PgCluster primary;
    private PgCluster standby;

    private WarmStandbyLab(PgWorkspace ws, WalferryInstallation walferry, Path archiveDir) {
        this.ws = ws;
        this.walferry = walferry;
        this.archiveDir = archiveDir;
    }

    /** A new lab in a fresh temp directory, with walferry installed from {@code walferryHome}. */
    public static WarmStandbyLab create(PgTools tools, Path walferryHome, String prefix) {
        PgWorkspace ws = PgWorkspace.createTemp(tools, prefix);
        try {
            WalferryInstallation w = WalferryInstallation.install(
                    walferryHome, ws.root().resolve("walferry"), tools.user(), "primary", "standby");
            return new WarmStandbyLab(ws, w, ws.root().resolve("archive"));
        } catch (RuntimeException e) {
            ws.delete();
            throw e;
        }
    }

    public Path root() {
        return ws.root();
    }

    public Path archiveDir() {
        return archiveDir;
    }

    public WalferryInstallation walferry() {
        return walferry;
    }

    public ReceiverProcess receiver() {
        return receiver;
    }

    public PgCluster primary() {
        return primary;
    }

    public PgCluster standby() {
        return standby;
    }

    /** Starts {@code walferry serve} with archive {@value #ARCHIVE}. */
    public ReceiverProcess startReceiver() {
        receiver = ReceiverProcess.start(
                walferry.launcher(),
                walferry.tlsDir(),
                ws.root().resolve("receiver.log"),
                List.of(ARCHIVE + "=" + archiveDir),
                List.of());
        return receiver;
    }

    /** initdb, archive_command = walferry push, start, and pgbench -i at {@code scale}. */
    public PgCluster startPrimary(int scale) {
        primary = ws.newCluster("primary", InitOptions.defaults());
        primary.configure(archiving("primary"));
        primary.start();
        primary.pgbenchInit(scale);
        return primary;
    }

    /**
     * Starts {@code walferry push-agent} for the primary, on the spool its archive_command names, shipping ahead
     * from its pg_wal; stopped at {@link #failover}.
     */
    public AgentProcess startPushAgent() {
        agent = AgentProcess.start(
                ws.tools().user(),
                walferry.launcher(),
                walferry.clientOptions(receiver.address(), ARCHIVE, "primary"),
                spool("primary"),
                ws.root().resolve("push-agent.log"),
                List.of("--pgdata", primary.dataDir().toString()));
        return agent;
    }

    public AgentProcess pushAgent() {
        return agent;
    }

    /**
     * A standby from a base backup of the primary without WAL ({@code -X none}: the WAL comes from the archive),
     * restore_command = walferry restore, standby.signal; it archives as "standby" once promoted.
     */
    public PgCluster startStandby() {
        standby = ws.baseBackup(primary, "standby", WalMethod.NONE);
        configureAsStandby(standby, "standby");
        standby.start();
        return standby;
    }

    private void configureAsStandby(PgCluster pg, String identity) {
        Map<String, String> s = archiving(identity);
        s.put(
                "restore_command",
                walferry.shellCommand(
                        "restore", walferry.clientOptions(receiver.address(), ARCHIVE, identity), "%f", "%p"));
        s.put("wal_retrieve_retry_interval", "1s");
        s.put("recovery_target_timeline", "latest");
        pg.configure(s);
        pg.writeSignal(RecoverySignal.STANDBY);
    }

    private Path spool(String identity) {
        Path spool = ws.root().resolve("spool-" + identity);
        if (!Files.isDirectory(spool)) {
            ws.newDirectory(spool.getFileName().toString());
        }
        return spool;
    }

    private Map<String, String> archiving(String identity) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("archive_mode", "on");
        s.put(
                "archive_command",
                walferry.shellCommand(
                        "push",
                        walferry.clientOptions(receiver.address(), ARCHIVE, identity),
                        "--quiet",
                        "--spool-dir",
                        spool(identity).toString(),
                        "%p",
                        "%f"));
        s.put("wal_level", "replica");
        return s;
    }

    /** Completes the primary's current segment; returns its name and the LSN just past the switch. */
    public Switch switchWal(PgCluster pg) {
        String[] f =
                pg.query("SELECT pg_walfile_name(l), l FROM pg_switch_wal() l").split("\\|");
        return new Switch(f[0], Lsn.parse(f[1]));
    }

    /** A completed segment and the position of its switch record. */
    public record Switch(String segment, Lsn lsn) {}

    /** Waits until {@code segment} is archived: PostgreSQL counted it as done and the file is in the archive. */
    public void awaitArchived(PgCluster pg, String segment) {
        pg.waitUntil(segment + " archived", WAIT, c -> {
            ArchiverStats s = ArchiverStats.of(c);
            return !s.lastArchived().isEmpty()
                    && s.lastArchived().compareTo(segment) >= 0
                    && Files.exists(archiveDir.resolve(segment));
        });
    }

    /** Waits until {@code pg} (a standby) replayed up to {@code lsn}. */
    public void awaitReplayed(PgCluster pg, Lsn lsn) {
        pg.waitUntil(
                "replay up to " + lsn,
                WAIT,
                c -> c.lastReplayLsn().map(Lsn::parse).map(l -> l.atLeast(lsn)).orElse(false));
    }

    /** Stops the primary (fast: what it had not archived stays behind), then promotes the standby. */
    public void failover() {
        primary.stop(StopMode.FAST);
        if (agent != null) {
            agent.close();
        }
        standby.promote();
    }

    /**
     * Rebuilds the old primary as a standby of the promoted node, in its old place: a fresh base backup of the new
     * primary (WAL from the archive) with restore_command = walferry restore. Returns the rebuilt, started cluster.
     */
    public PgCluster rebuildOldPrimaryAsStandby() {
        Path dir = primary.dataDir();
        deleteTree(dir);
        PgCluster rebuilt = ws.baseBackup(standby, dir.getFileName().toString(), WalMethod.NONE);
        configureAsStandby(rebuilt, "primary");
        rebuilt.start();
        primary = rebuilt;
        return rebuilt;
    }

    /** Files and bytes in the archive directory (walferry's own state excluded). */
    public long[] archiveFilesAndBytes() {
        try (Stream<Path> s = Files.list(archiveDir)) {
            long[] r = new long[2];
            for (Path p : (Iterable<Path>) s::iterator) {
                if (!p.getFileName().toString().startsWith(".") && Files.isRegularFile(p)) {
                    r[0]++;
                    r[1] += Files.size(p);
                }
            }
            return r;
        } catch (IOException e) {
            return new long[] {0, 0};
        }
    }

    /** Stops servers and the receiver, then deletes the lab's directory. */
    @Override
    public void close() {
        try {
            ws.close();
        } finally {
            if (agent != null) {
                agent.close();
            }
            if (receiver != null) {
                receiver.close();
            }
            ws.delete();
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
