package dev.walferry.protocol.message;

import dev.walferry.protocol.codec.ProtocolException;

/** How DATA chunks of a transfer are encoded. Values are part of the wire format. */
public enum Compression {
    /** Chunks carry the raw bytes. */
    NONE(0),
    /** Each chunk is one complete zstd frame of at most {@code Limits.MAX_CHUNK} raw bytes. */
    ZSTD(1);

    private final int value;

    Compression(int value) {
        this.value = value;
    }

    public int value() {
        return value;
    }

    /** @throws ProtocolException for a value that names no compression */
    public static Compression of(int value) {
        return switch (value) {
            case 0 -> NONE;
            case 1 -> ZSTD;
            default -> throw new ProtocolException("unknown compression " + value);
        };
    }
}
