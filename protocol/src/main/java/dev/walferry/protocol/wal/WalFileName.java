package dev.walferry.protocol.wal;

import java.util.Comparator;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A validated PostgreSQL archive file name (docs/postgres-contract.md A5).
 *
 * <p>Accepted forms, all ASCII, upper-case hex as PostgreSQL writes them:
 * <pre>
 *   segment  = TLI LOG SEG                 ; 24 hex digits, e.g. 000000010000000000000003
 *   history  = TLI ".history"              ; e.g. 00000002.history
 *   backup   = TLI LOG SEG "." OFF ".backup" ; OFF = 8 hex digits
 *   partial  = TLI LOG SEG ".partial"
 * </pre>
 * Anything else (a {@code /}, {@code ..}, NUL, lower-case hex, over {@value #MAX_LENGTH} characters) is
 * refused by {@link #parse} before any byte of the file is read or written.
 */
public final class WalFileName implements Comparable<WalFileName> {

    /** Longest name accepted: far above PostgreSQL's longest (39) and small enough to log safely. */
    public static final int MAX_LENGTH = 64;

    private static final Pattern SEGMENT = Pattern.compile("([0-9A-F]{8})([0-9A-F]{8})([0-9A-F]{8})");
    private static final Pattern HISTORY = Pattern.compile("([0-9A-F]{8})\\.history");
    private static final Pattern BACKUP =
            Pattern.compile("([0-9A-F]{8})([0-9A-F]{8})([0-9A-F]{8})\\.([0-9A-F]{8})\\.backup");
    private static final Pattern PARTIAL = Pattern.compile("([0-9A-F]{8})([0-9A-F]{8})([0-9A-F]{8})\\.partial");

    private static final Comparator<WalFileName> ORDER = Comparator.comparingLong(WalFileName::timeline)
            .thenComparingLong(WalFileName::log)
            .thenComparingLong(WalFileName::segment)
            .thenComparing(WalFileName::kind)
            .thenComparing(WalFileName::toString);

    private final String name;
    private final WalFileKind kind;
    private final long timeline;
    private final long log;
    private final long segment;

    private WalFileName(String name, WalFileKind kind, long timeline, long log, long segment) {
        this.name = name;
        this.kind = kind;
        this.timeline = timeline;
        this.log = log;
        this.segment = segment;
    }

    /**
     * Parses and validates a name.
     *
     * @throws IllegalArgumentException naming the offending value and why it is refused
     */
    public static WalFileName parse(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("invalid WAL file name \"\": empty");
        }
        if (name.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(
                    "invalid WAL file name \"" + printable(name) + "\": longer than " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '.';
            if (!ok) {
                throw new IllegalArgumentException("invalid WAL file name \"" + printable(name) + "\": character "
                        + describe(c) + " at position " + i + " is not allowed");
            }
        }
        Matcher m;
        if ((m = SEGMENT.matcher(name)).matches()) {
            return of(name, WalFileKind.SEGMENT, m);
        }
        if ((m = HISTORY.matcher(name)).matches()) {
            return new WalFileName(name, WalFileKind.HISTORY, Long.parseLong(m.group(1), 16), 0, 0);
        }
        if ((m = BACKUP.matcher(name)).matches()) {
            return of(name, WalFileKind.BACKUP, m);
        }
        if ((m = PARTIAL.matcher(name)).matches()) {
            return of(name, WalFileKind.PARTIAL, m);
        }
        throw new IllegalArgumentException(
                "invalid WAL file name \"" + name + "\": not a WAL segment, .history, .backup or .partial name");
    }

    /** Returns true when {@link #parse} would accept the name. */
    public static boolean isValid(String name) {
        try {
            parse(name);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The segment name for a timeline, log and segment number. */
    public static WalFileName segment(long timeline, long log, long segment) {
        return parse(String.format("%08X%08X%08X", timeline, log, segment));
    }

    private static WalFileName of(String name, WalFileKind kind, Matcher m) {
        return new WalFileName(
                name,
                kind,
                Long.parseLong(m.group(1), 16),
                Long.parseLong(m.group(2), 16),
                Long.parseLong(m.group(3), 16));
    }

    public WalFileKind kind() {
        return kind;
    }

    /** Timeline id (unsigned 32 bit). */
    public long timeline() {
        return timeline;
    }

    /** The "log" part (high 32 bits of the LSN); 0 for history files. */
    public long log() {
        return log;
    }

    /** The segment part within the log; 0 for history files. */
    public long segment() {
        return segment;
    }

    /** Segment number counted from LSN 0 for a given segment size (bytes, a power of two). */
    public long segmentNumber(long segmentSize) {
        return log * (0x1_0000_0000L / segmentSize) + segment;
    }

    /** The 24-digit segment name this file belongs to (itself for a segment); history files have none. */
    public String segmentName() {
        if (kind == WalFileKind.HISTORY) {
            throw new IllegalStateException(name + " is a history file and names no segment");
        }
        return name.substring(0, 24);
    }

    public boolean isSegment() {
        return kind == WalFileKind.SEGMENT;
    }

    @Override
    public int compareTo(WalFileName o) {
        return ORDER.compare(this, o);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WalFileName other && name.equals(other.name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < MAX_LENGTH + 16; i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c));
        }
        return s.length() > MAX_LENGTH + 16 ? b + "..." : b.toString();
    }

    private static String describe(char c) {
        if (c >= 0x20 && c < 0x7f) {
            return "'" + c + "'";
        }
        return String.format("U+%04X", (int) c);
    }
}
