package dev.walferry.protocol.wal;

import java.util.Objects;

/**
 * Which archived files are older than a restart point and may go: the rule of PostgreSQL's
 * {@code pg_archivecleanup} (and of pg_standby with {@code %r}), as a pure function of file names (DESIGN R7).
 *
 * <ul>
 *   <li>The boundary is the 24-digit segment of {@code %r}: a segment name, or a {@code .partial} or
 *       {@code .backup} name whose segment part is used. Anything else is refused, as pg_archivecleanup refuses it
 *       ("invalid file name argument").</li>
 *   <li>Removed: WAL segments and {@code .partial} segments whose log and segment parts (characters 9..24) sort
 *       below the boundary's. The timeline is ignored, so a parent timeline's segments that the restart point may
 *       still need are kept; a {@code .partial} of the boundary segment itself is kept.</li>
 *   <li>Never removed: {@code .history} and {@code .backup} files, and any other name.</li>
 *   <li>An extension given to {@link #removes(String, String)} is cut off first, like {@code pg_archivecleanup -x}
 *       (walferry's compressed-at-rest files end in {@code .zst}).</li>
 * </ul>
 */
public final class CleanupRule {

    private static final int SEGMENT_NAME_LENGTH = 24;
    private static final int TIMELINE_LENGTH = 8;

    private final String boundary;

    private CleanupRule(String boundary) {
        this.boundary = boundary;
    }

    /**
     * The rule that keeps {@code oldestKept} (normally {@code %r}) and everything after it.
     *
     * @throws IllegalArgumentException when the name is not a segment, {@code .partial} or {@code .backup} name
     */
    public static CleanupRule keepFrom(String oldestKept) {
        Objects.requireNonNull(oldestKept, "oldestKept");
        WalFileName name;
        try {
            name = WalFileName.parse(oldestKept);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid restart file name \"" + oldestKept
                    + "\": expected a WAL segment, .partial or .backup name (%r)", e);
        }
        if (name.kind() == WalFileKind.HISTORY) {
            throw new IllegalArgumentException("invalid restart file name \"" + oldestKept
                    + "\": a .history file names no segment; expected a WAL segment, .partial or .backup name (%r)");
        }
        return new CleanupRule(name.segmentName());
    }

    /** The 24-digit segment name everything before which is removed. */
    public String boundary() {
        return boundary;
    }

    /** Whether pg_archivecleanup would remove an archive file of this name. */
    public boolean removes(String fileName) {
        Objects.requireNonNull(fileName, "fileName");
        boolean candidate = isSegment(fileName)
                || (fileName.length() == SEGMENT_NAME_LENGTH + ".partial".length() && fileName.endsWith(".partial")
                    && isSegment(fileName.substring(0, SEGMENT_NAME_LENGTH)));
        return candidate && fileName.substring(TIMELINE_LENGTH, SEGMENT_NAME_LENGTH)
                .compareTo(boundary.substring(TIMELINE_LENGTH)) < 0;
    }

    /** {@link #removes(String)} after cutting {@code extension} (e.g. {@code ".zst"}) off the end, if there. */
    public boolean removes(String fileName, String extension) {
        Objects.requireNonNull(extension, "extension");
        String trimmed = !extension.isEmpty() && fileName.endsWith(extension)
                ? fileName.substring(0, fileName.length() - extension.length()) : fileName;
        return removes(trimmed);
    }

    private static boolean isSegment(String s) {
        if (s.length() != SEGMENT_NAME_LENGTH) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "keep from " + boundary;
    }
}
