package dev.walferry.it.fault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;

/**
 * Synthetic 1 MiB WAL segments (the smallest legal segment size, so hundreds of pushes stay fast): a valid
 * PostgreSQL 15 long page header for the name, then pseudo-random bytes. The same shape as archive-client's
 * {@code SyntheticWal} and archive-server's {@code TestSegments}, which other modules' tests cannot reach.
 */
final class Segments {

    static final int SIZE = 1 << 20;
    static final long SYSTEM_ID = 7_312_345_678_901_234_567L;
    static final long OTHER_SYSTEM_ID = 7_400_000_000_000_000_042L;

    private Segments() {
    }

    /** The name of segment {@code segno} on timeline 1. */
    static String name(long segno) {
        long perLog = 0x1_0000_0000L / SIZE;
        return String.format("%08X%08X%08X", 1, segno / perLog, segno % perLog);
    }

    static byte[] content(long segno, long systemId, long seed) {
        byte[] b = new byte[SIZE];
        new Random(seed).nextBytes(b);
        ByteBuffer h = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        h.putShort(0, (short) 0xD110);
        h.putShort(2, (short) 0x0002); // XLP_LONG_HEADER
        h.putInt(4, 1);
        h.putLong(8, segno * SIZE);
        h.putInt(16, 0);
        h.putInt(20, 0);
        h.putLong(24, systemId);
        h.putInt(32, SIZE);
        h.putInt(36, 8192);
        return b;
    }

    /** Writes segment {@code segno} of {@link #SYSTEM_ID} into {@code dir} and returns its path. */
    static Path write(Path dir, long segno, long seed) {
        return write(dir, segno, SYSTEM_ID, seed);
    }

    static Path write(Path dir, long segno, long systemId, long seed) {
        Path p = dir.resolve(name(segno));
        try {
            Files.write(p, content(segno, systemId, seed));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    static String sha256(Path p) {
        try {
            return sha256(Files.readAllBytes(p));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
