package dev.walferry.pglab.demo;

import dev.walferry.pgctl.PgCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * One look at a primary's archiver: pg_stat_archiver's counters and the backlog of {@code .ready} files waiting
 * in pg_wal/archive_status.
 */
public record ArchiverStats(long archived, long failed, String lastArchived, String lastFailed, int backlog) {

    public static ArchiverStats of(PgCluster primary) {
        String[] f = primary.query("SELECT archived_count, failed_count, coalesce(last_archived_wal, ''), "
                        + "coalesce(last_failed_wal, '') FROM pg_stat_archiver")
                .split("\\|", -1);
        return new ArchiverStats(Long.parseLong(f[0]), Long.parseLong(f[1]), f[2], f[3], backlog(primary.dataDir()));
    }

    static int backlog(Path dataDir) {
        try (Stream<Path> s = Files.list(dataDir.resolve("pg_wal/archive_status"))) {
            return (int)
                    s.filter(p -> p.getFileName().toString().endsWith(".ready")).count();
        } catch (IOException e) {
            return -1;
        }
    }
}
