package dev.walferry.it.fault;

import dev.walferry.protocol.wal.SyntheticSegments;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Files of {@link SyntheticSegments} (the project's one WAL generator) as the fault suite names and checks them. */
final class Segments {

    static final int SIZE = SyntheticSegments.SEGMENT_SIZE;
    static final long SYSTEM_ID = SyntheticSegments.SYSTEM_ID;
    static final long OTHER_SYSTEM_ID = SyntheticSegments.OTHER_SYSTEM_ID;

    private Segments() {}

    /** The name of segment {@code segno} on timeline 1. */
    static String name(long segno) {
        return SyntheticSegments.name(1, segno).toString();
    }

    static byte[] content(long segno, long systemId, long seed) {
        return SyntheticSegments.segment(SyntheticSegments.name(1, segno), systemId, seed);
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
