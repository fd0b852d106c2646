package dev.walferry.it.pg;

import dev.walferry.pgctl.CopyArchive;
import dev.walferry.pgctl.InitOptions;
import dev.walferry.pgctl.PgCluster;
import dev.walferry.pgctl.PgTools;
import dev.walferry.pgctl.PgWorkspace;
import dev.walferry.pgctl.RecoverySignal;
import dev.walferry.pgctl.StopMode;
import dev.walferry.protocol.wal.WalFileName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Real WAL files made by a real server, for tests that push or restore them: {@code segments} completed
 * segments of 16 MiB on timeline 1 (pgbench data, then one small pgbench run per forced switch) and the
 * {@code 00000002.history} of a timeline switch.
 *
 * <p>{@link #make} runs a throwaway cluster (no fsync) archiving with {@code cp}, then restarts it in targeted
 * recovery from that archive, which ends in a new timeline and archives its history file. Nothing is cached:
 * every call makes a new cluster, so the files carry a new system identifier. It takes a few seconds.
 */
public record RealWalSegments(List<Path> segments, Path history, long systemIdentifier) {

    private static final Duration ARCHIVE_WAIT = Duration.ofSeconds(60);

    public RealWalSegments {
        segments = List.copyOf(segments);
    }

    /**
     * Writes {@code count} segments and one history file into {@code outDir} (created if missing).
     *
     * @return the files written, segments in WAL order
     */
    public static RealWalSegments make(Path outDir, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, not " + count);
        }
        PgWorkspace ws = PgWorkspace.createTemp(PgTools.detect(), "walferry-wal-");
        try {
            Path archive = ws.newDirectory("archive");
            PgCluster pg = ws.newCluster("source", InitOptions.throwaway());
            pg.configure(CopyArchive.archivingTo(archive));
            pg.start();
            List<String> names = fillSegments(pg, count);
            for (String name : names) {
                pg.waitUntil(name + " archived", ARCHIVE_WAIT, c -> CopyArchive.isArchived(c, archive, name));
            }
            String history = switchTimeline(pg, archive);
            long sysid = pg.systemIdentifier();
            pg.stop(StopMode.FAST);
            return copyOut(archive, outDir, names, history, sysid);
        } finally {
            try {
                ws.close();
            } finally {
                ws.delete();
            }
        }
    }

    /** Writes WAL until {@code count} segments are complete; returns their names in order (WAL starts at 1). */
    private static List<String> fillSegments(PgCluster pg, int count) {
        long perLog = 0x1_0000_0000L / pg.controlData().walSegmentSize();
        pg.pgbenchInit(1);
        WalFileName last = WalFileName.parse(pg.switchWal());
        while (last.log() * perLog + last.segment() < count) {
            pg.pgbench(1, 20);
            last = WalFileName.parse(pg.switchWal());
        }
        List<String> names = new ArrayList<>();
        for (long seg = 1; seg <= count; seg++) {
            names.add(WalFileName.segment(last.timeline(), seg / perLog, seg % perLog)
                    .toString());
        }
        return names;
    }

    /**
     * Restarts {@code pg} in targeted recovery from {@code archive}: recovery replays to the end of the archive,
     * then starts the next timeline and archives its history file, whose name this returns.
     */
    private static String switchTimeline(PgCluster pg, Path archive) {
        long timeline = pg.controlData().latestCheckpointTimeline();
        pg.stop(StopMode.FAST);
        pg.configure(Map.of("restore_command", CopyArchive.restoreCommand(archive)));
        pg.writeSignal(RecoverySignal.RECOVERY);
        pg.start();
        pg.waitUntil("end of recovery", ARCHIVE_WAIT, c -> !c.isInRecovery());
        String history = String.format("%08X.history", timeline + 1);
        pg.waitUntil(history + " archived", ARCHIVE_WAIT, c -> CopyArchive.isArchived(c, archive, history));
        return history;
    }

    private static RealWalSegments copyOut(Path archive, Path outDir, List<String> names, String history, long sysid) {
        try {
            Files.createDirectories(outDir);
            List<Path> segments = new ArrayList<>();
            for (String name : names) {
                segments.add(Files.copy(archive.resolve(name), outDir.resolve(name)));
            }
            Path historyCopy = Files.copy(archive.resolve(history), outDir.resolve(history));
            return new RealWalSegments(segments, historyCopy, sysid);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy WAL files from " + archive + " to " + outDir, e);
        }
    }
}
