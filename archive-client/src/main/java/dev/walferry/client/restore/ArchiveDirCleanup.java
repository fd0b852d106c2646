package dev.walferry.client.restore;

import dev.walferry.protocol.wal.CleanupRule;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * {@code restore --keep-from %r --archive-dir DIR}: pg_standby's %r cleanup of an archive directory on this host,
 * after a segment was restored. Removes what {@link CleanupRule} removes (files compressed at rest included) and
 * nothing else; never fails the restore: problems are warnings, as with pg_standby.
 */
public final class ArchiveDirCleanup {

    /** walferry's compressed-at-rest suffix, cut off like {@code pg_archivecleanup -x .zst}. */
    private static final String ZSTD_SUFFIX = ".zst";

    private ArchiveDirCleanup() {}

    /**
     * @param restored the segment just restored (%f); no cleanup when {@code keepFrom} lies after it, as pg_standby
     *                 refuses that too
     * @return how many files were removed
     */
    public static int run(Path dir, String keepFrom, String restored, PrintWriter err) {
        CleanupRule rule;
        try {
            rule = CleanupRule.keepFrom(keepFrom);
        } catch (IllegalArgumentException e) {
            err.println("walferry restore: warning: --keep-from: " + e.getMessage() + "; no cleanup");
            return 0;
        }
        if (keepFrom.compareTo(restored) > 0) {
            err.println("walferry restore: warning: --keep-from " + keepFrom + " lies after the restored " + restored
                    + "; no cleanup");
            return 0;
        }
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                if (rule.removes(f.getFileName().toString(), ZSTD_SUFFIX) && Files.isRegularFile(f)) {
                    try {
                        Files.delete(f);
                        removed++;
                    } catch (NoSuchFileException gone) {
                        // removed meanwhile by another cleanup
                    }
                }
            }
        } catch (IOException e) {
            err.println("walferry restore: warning: cleanup of " + dir + " stopped: " + e.getMessage());
        }
        return removed;
    }
}
