package dev.walferry.server.inspect;

/**
 * One problem found by {@link Verifier}.
 *
 * @param kind    what is wrong
 * @param subject the file, temp file or segment range concerned
 * @param detail  one line for a person
 */
public record Finding(Kind kind, String subject, String detail) {

    /** Kinds of finding; {@link #wireName()} is the stable name in JSON output and on the wire. */
    public enum Kind {
        /** The file's SHA-256 (or size) differs from its checksum record. */
        CHECKSUM_MISMATCH,
        /** A stored file has no checksum record. */
        NO_CHECKSUM,
        /**
         * A file placed in DIR by another tool that fails the checks of a push (header, size, cluster): the
         * receiver does not serve it (docs/storage.md, "Files that arrive by other tools").
         */
        FOREIGN,
        /** A stored file could not be read. */
        UNREADABLE,
        /** A temp file in incoming/ that no transfer is writing. */
        LEFTOVER_TEMP,
        /** Segments missing from a timeline. */
        GAP,
        /** A timeline above 1 has segments but no history file. */
        MISSING_HISTORY,
        /** A history file does not parse. */
        BAD_HISTORY;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Kind ofWireName(String s) {
            return valueOf(s.toUpperCase(java.util.Locale.ROOT));
        }
    }

    /** Wire form: key = kind, value = subject SP detail (subjects have no spaces). */
    public KeyValue toItem() {
        return new KeyValue(kind.wireName(), subject + " " + detail);
    }

    public static Finding ofItem(KeyValue kv) {
        int sp = kv.value().indexOf(' ');
        return new Finding(
                Kind.ofWireName(kv.key()),
                sp < 0 ? kv.value() : kv.value().substring(0, sp),
                sp < 0 ? "" : kv.value().substring(sp + 1));
    }
}
