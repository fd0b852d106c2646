package dev.walferry.protocol.wal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Which archived files are older than a restart point and may go: the rule of PostgreSQL's
 * {@code pg_archivecleanup} (and of pg_standby with {@code %r}), as a pure function of file names
 * (docs/postgres-contract.md R7).
 *
 * <ul>
 *   <li>The boundary is the 24-digit segment of {@code %r}: a segment name, or a {@code .partial} or
 *       {@code .backup} name whose segment part is used. Anything else is refused, as pg_archivecleanup refuses it
 *       ("invalid file name argument").</li>
 *   <li>Removed: WAL segments and {@code .partial} segments whose log and segment parts (characters 9..24) sort
 *       below the boundary's. The timeline is ignored, so a parent timeline's segments that the restart point may
 *       still need are kept; a {@code .partial} of the boundary segment itself is kept.</li>
 *   <li>Never removed: {@code .history} files and any other name; {@code .backup} files only when asked
 *       (PostgreSQL 17's {@code pg_archivecleanup -b}).</li>
 *   <li>An extension given to {@link #removes(String, String)} is cut off first, like {@code pg_archivecleanup -x}
 *       (walferry's compressed-at-rest files end in {@code .zst}).</li>
 * </ul>
 */
public final class CleanupRule {

    private static final int SEGMENT_NAME_LENGTH = 24;
    private static final int TIMELINE_LENGTH = 8;

    private final String boundary;
    private final boolean backupHistory;

    private CleanupRule(String boundary, boolean backupHistory) {
        this.boundary = boundary;
        this.backupHistory = backupHistory;
    }

    /**
     * The rule that keeps {@code oldestKept} (normally {@code %r}) and everything after it.
     *
     * @throws IllegalArgumentException when the name is not a segment, {@code .partial} or {@code .backup} name
     */
    public static CleanupRule keepFrom(String oldestKept) {
        return keepFrom(oldestKept, false);
    }

    /**
     * As {@link #keepFrom(String)}; with {@code backupHistory} also {@code .backup} files before the boundary go.
     *
     * @throws IllegalArgumentException when the name is not a segment, {@code .partial} or {@code .backup} name
     */
    public static CleanupRule keepFrom(String oldestKept, boolean backupHistory) {
        Objects.requireNonNull(oldestKept, "oldestKept");
        WalFileName name;
        try {
            name = WalFileName.parse(oldestKept);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "invalid restart file name \"" + oldestKept
                            + "\": expected a WAL segment, .partial or .backup name (%r)",
                    e);
        }
        if (name.kind() == WalFileKind.HISTORY) {
            throw new IllegalArgumentException("invalid restart file name \"" + oldestKept
                    + "\": a .history file names no segment; expected a WAL segment, .partial or .backup name (%r)");
        }
        return new CleanupRule(name.segmentName(), backupHistory);
    }

    /** The 24-digit segment name everything before which is removed. */
    public String boundary() {
        return boundary;
    }

    /** Whether pg_archivecleanup would remove an archive file of this name. */
    public boolean removes(String fileName) {
        Objects.requireNonNull(fileName, "fileName");
        return WalFileName.isValid(fileName) && removes(WalFileName.parse(fileName));
    }

    /** Whether pg_archivecleanup would remove this archive file. */
    public boolean removes(WalFileName file) {
        boolean candidate =
                switch (file.kind()) {
                    case SEGMENT, PARTIAL -> true;
                    case BACKUP -> backupHistory;
                    case HISTORY -> false;
                };
        return candidate
                && file.toString()
                                .substring(TIMELINE_LENGTH, SEGMENT_NAME_LENGTH)
                                .compareTo(boundary.substring(TIMELINE_LENGTH))
                        < 0;
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

    /** {@link #removes(String)} after cutting {@code extension} (e.g. {@code ".zst"}) off the end, if there. */
    public boolean removes(String fileName, String extension) {
        Objects.requireNonNull(extension, "extension");
        String trimmed = !extension.isEmpty() && fileName.endsWith(extension)
                ? fileName.substring(0, fileName.length() - extension.length())
                : fileName;
        return removes(trimmed);
    }

    @Override
    public String toString() {
        return "keep from " + boundary;
    }
}
