package dev.walferry.protocol.codec;

/** Every hard limit of the wire format, with the reason for its value. */
public final class Limits {

    /**
     * Largest frame accepted, counted from the type byte to the end of the payload. Big enough for a
     * {@link #MAX_CHUNK} data chunk that zstd failed to shrink (zstd's worst case adds under 1 %), small enough
     * that a hostile length costs the receiver at most this much memory per connection.
     */
    public static final int MAX_FRAME_LENGTH = 1 << 20;

    /** Smallest frame: a type byte and a stream id. */
    public static final int MIN_FRAME_LENGTH = 5;

    /**
     * Largest uncompressed data chunk. Bounds the decompression buffer: a chunk that claims or yields more is a
     * protocol error, so a zstd bomb cannot grow beyond it.
     */
    public static final int MAX_CHUNK = 256 * 1024;

    /** Longest string field (archive names, messages). Archive and file names have tighter rules of their own. */
    public static final int MAX_STRING_BYTES = 1024;

    /** Largest file accepted: PostgreSQL's largest WAL segment size (1 GiB); history and backup files are tiny. */
    public static final long MAX_FILE_SIZE = 1L << 30;

    /** Longest a GET may ask the receiver to wait for a file that has not arrived: one day. */
    public static final long MAX_WAIT_MILLIS = 24L * 3600 * 1000;

    /** Streams that one connection may have open at once (bounds per-connection state on the receiver). */
    public static final int MAX_OPEN_STREAMS = 64;

    /** Bytes of a SHA-256 digest. */
    public static final int SHA256_BYTES = 32;

    private Limits() {}
}
