package dev.walferry.server.storage;

import dev.walferry.protocol.codec.Limits;
import dev.walferry.protocol.wal.WalFileName;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A file durably stored in an archive, as recorded in its checksum log.
 *
 * @param name           the PostgreSQL file name
 * @param size           bytes
 * @param sha256         SHA-256 of the content (32 bytes; copied in and out)
 * @param storedAtMillis when it was stored (epoch milliseconds)
 */
public record StoredFile(WalFileName name, long size, byte[] sha256, long storedAtMillis) {

    public StoredFile {
        Objects.requireNonNull(name, "name");
        if (size < 0) {
            throw new IllegalArgumentException("negative size " + size + " for " + name);
        }
        if (sha256.length != Limits.SHA256_BYTES) {
            throw new IllegalArgumentException("SHA-256 of " + name + " has " + sha256.length + " bytes");
        }
        sha256 = sha256.clone();
    }

    @Override
    public byte[] sha256() {
        return sha256.clone();
    }

    /** The SHA-256 as 64 lower-case hex digits. */
    public String sha256Hex() {
        return HexFormat.of().formatHex(sha256);
    }

    /** True when {@code digest} equals this file's SHA-256. */
    public boolean hasSha256(byte[] digest) {
        return Arrays.equals(sha256, digest);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoredFile f
                && f.name.equals(name)
                && f.size == size
                && Arrays.equals(f.sha256, sha256)
                && f.storedAtMillis == storedAtMillis;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, size, Arrays.hashCode(sha256), storedAtMillis);
    }

    @Override
    public String toString() {
        return "StoredFile[" + name + ", size=" + size + ", sha256=" + sha256Hex() + ", storedAt=" + storedAtMillis
                + "]";
    }
}
