package dev.walferry.pgctl;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A plain directory as WAL archive, filled and read with {@code cp}: the baseline walferry replaces, and the
 * way tests obtain real archived files. The directory must be writable by the server's user
 * ({@link OsUser#handOver}).
 */
public final class CopyArchive {

    private CopyArchive() {}

    /**
     * {@code archive_command} copying into {@code dir}: refuses to overwrite and renames a temporary copy into
     * place, so a reader never sees a partial file.
     */
    public static String archiveCommand(Path dir) {
        String d = ProcessResult.shellQuote(dir.toString());
        return "test ! -f " + d + "/%f && cp %p " + d + "/.%f.tmp && mv " + d + "/.%f.tmp " + d + "/%f";
    }

    /** {@code restore_command} copying from {@code dir}; exits non-zero when the file is not there. */
    public static String restoreCommand(Path dir) {
        String d = ProcessResult.shellQuote(dir.toString());
        return "cp " + d + "/%f %p";
    }

    /** Settings that archive every completed WAL file of a primary into {@code dir}. */
    public static Map<String, String> archivingTo(Path dir) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("archive_mode", "on");
        s.put("archive_command", archiveCommand(dir));
        return s;
    }

    /**
     * Whether {@code walFile} of {@code cluster} has been archived into {@code dir}: the file is there and the
     * server no longer marks it {@code .ready} (it does so before the archiver copies it).
     */
    public static boolean isArchived(PgCluster cluster, Path dir, String walFile) {
        return Files.exists(dir.resolve(walFile))
                && !Files.exists(cluster.dataDir().resolve("pg_wal/archive_status/" + walFile + ".ready"));
    }
}
