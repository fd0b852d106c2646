package dev.walferry.protocol.message;

import dev.walferry.protocol.codec.ProtocolException;

/** Outcome carried by a {@link Result}. Values are part of the wire format and never reused. */
public enum Status {
    /** A GET, STAT or LIST completed. */
    OK(0),
    /** A PUT was stored durably: file and directory fsynced, checksum recorded. */
    STORED(1),
    /** A PUT named a file that is already stored with the same SHA-256: nothing written, success. */
    ALREADY_PRESENT(2),
    /** The file is not in the archive. */
    NOT_FOUND(3),
    /** A file of that name is stored with different content; the stored file is kept. */
    CONFLICT(4),
    /** The segment's system identifier differs from the one the archive is bound to. */
    WRONG_CLUSTER(5),
    /** The received bytes do not hash to the SHA-256 the sender declared. */
    CHECKSUM_MISMATCH(6),
    /** The receiver could not store or read the file (I/O error). */
    STORAGE_ERROR(7),
    /** The client identity may not use this archive. */
    FORBIDDEN(8),
    /** The request is well formed on the wire but refused (bad name, bad size, bad WAL header). */
    BAD_REQUEST(9),
    /** No archive of that name is configured. */
    UNKNOWN_ARCHIVE(10),
    /** A GET with wait ended before the file arrived. */
    TIMEOUT(11),
    /** The receiver's file system is full. */
    NO_SPACE(12),
    /** The peer speaks another protocol version. */
    UNSUPPORTED_VERSION(13);

    private static final Status[] BY_VALUE = new Status[14];

    static {
        for (Status s : values()) {
            BY_VALUE[s.value] = s;
        }
    }

    private final int value;

    Status(int value) {
        this.value = value;
    }

    public int value() {
        return value;
    }

    /** @throws ProtocolException for a value that names no status */
    public static Status of(int value) {
        if (value < 0 || value >= BY_VALUE.length || BY_VALUE[value] == null) {
            throw new ProtocolException("unknown status " + value);
        }
        return BY_VALUE[value];
    }

    /** True for the outcomes after which a PUT's file is durably in the archive. */
    public boolean isStoredDurably() {
        return this == STORED || this == ALREADY_PRESENT;
    }
}
