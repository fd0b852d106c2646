package dev.walferry.server.inspect;

import dev.walferry.protocol.wal.WalFileKind;
import dev.walferry.protocol.wal.WalFileName;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * pg_archivecleanup's rule for {@code archive_cleanup_command = '... %r'} (DESIGN R7). {@code %r} names the
 * oldest file still needed; a {@code .partial} or {@code .backup} suffix is stripped to its segment name. A WAL
 * segment or {@code .partial} file is removed when its log and segment digits (the last 16 of the 24-digit
 * segment name) sort before those of {@code %r}, whatever its timeline: a parent timeline's segments that are
 * still needed are never removed early. History files are never removed; {@code .backup} files only when asked
 * (PostgreSQL 17's {@code pg_archivecleanup -b}). Comparison is on the file names as strings, exactly as
 * pg_archivecleanup's {@code strcmp(walfile + 8, exclusiveCleanupFileName + 8) < 0}.
 */
public final class CleanupRule {

    private final String oldestKept;
    private final boolean backupHistory;

    private CleanupRule(String oldestKept, boolean backupHistory) {
        this.oldestKept = oldestKept;
        this.backupHistory = backupHistory;
    }

    /**
     * @param restartFile {@code %r}: a segment name, or a {@code .partial} / {@code .backup} name
     * @param backupHistory also remove {@code .backup} files before it
     * @throws IllegalArgumentException when {@code restartFile} names no segment
     */
    public static CleanupRule keepingFrom(String restartFile, boolean backupHistory) {
        WalFileName n;
        try {
            n = WalFileName.parse(restartFile);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("%r \"" + restartFile + "\" is not a WAL segment name: "
                    + e.getMessage());
        }
        if (n.kind() == WalFileKind.HISTORY) {
            throw new IllegalArgumentException("%r \"" + restartFile + "\" is a history file, not a WAL segment name");
        }
        return new CleanupRule(n.segmentName(), backupHistory);
    }

    /** The segment name from which files are kept. */
    public String oldestKept() {
        return oldestKept;
    }

    public boolean removes(WalFileName file) {
        boolean candidate = switch (file.kind()) {
            case SEGMENT, PARTIAL -> true;
            case BACKUP -> backupHistory;
            case HISTORY -> false;
        };
        return candidate && file.toString().substring(8).compareTo(oldestKept.substring(8)) < 0;
    }

    /** The files of {@code files} this rule removes, in the order given. */
    public List<WalFileName> select(Collection<WalFileName> files) {
        List<WalFileName> out = new ArrayList<>();
        for (WalFileName f : files) {
            if (removes(f)) {
                out.add(f);
            }
        }
        return out;
    }
}
