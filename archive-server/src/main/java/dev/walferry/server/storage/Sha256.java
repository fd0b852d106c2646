package dev.walferry.server.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 helpers; every JDK provides the algorithm. */
public final class Sha256 {

    private static final int READ_BUFFER = 64 * 1024;

    private Sha256() {}

    /** A fresh SHA-256 digest. */
    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    /** The SHA-256 of {@code content}. */
    public static byte[] of(byte[] content) {
        return newDigest().digest(content);
    }

    /** Hashes a channel from position 0 to its end. */
    static byte[] of(FileChannel ch) throws IOException {
        MessageDigest md = newDigest();
        ByteBuffer buf = ByteBuffer.allocate(READ_BUFFER);
        long pos = 0;
        int n;
        while ((n = ch.read(buf, pos)) != -1) {
            pos += n;
            buf.flip();
            md.update(buf);
            buf.clear();
        }
        return md.digest();
    }
}
