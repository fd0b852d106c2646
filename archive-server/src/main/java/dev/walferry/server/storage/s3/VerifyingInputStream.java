package dev.walferry.server.storage.s3;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Reads a stored object and checks that it has the size and SHA-256 recorded when it was stored: the read that
 * delivers the last recorded byte throws when the hash differs (readers that stop at the recorded size, as the
 * receiver's GET does, see it too), and so does an early end or a byte beyond the size. A damaged object is never
 * served as complete.
 */
final class VerifyingInputStream extends FilterInputStream {

    private final MessageDigest digest;
    private final byte[] expectedSha256;
    private final long expectedSize;
    private final String what;
    private long read;
    private boolean checked;

    VerifyingInputStream(InputStream in, MessageDigest digest, byte[] expectedSha256, long expectedSize, String what) {
        super(in);
        this.digest = digest;
        this.expectedSha256 = expectedSha256;
        this.expectedSize = expectedSize;
        this.what = what;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            digest.update(b, off, n);
            read += n;
            if (read > expectedSize) {
                throw new IOException(what + " is longer than its recorded " + expectedSize + " bytes");
            }
            if (read == expectedSize) {
                check();
            }
        } else if (n < 0) {
            check();
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        throw new IOException("skip is not supported on a verified read of " + what);
    }

    private void check() throws IOException {
        if (checked) {
            return;
        }
        checked = true;
        if (read != expectedSize) {
            throw new IOException(what + " has " + read + " bytes, recorded " + expectedSize);
        }
        byte[] actual = digest.digest();
        if (!MessageDigest.isEqual(actual, expectedSha256)) {
            throw new IOException("checksum mismatch reading " + what + ": SHA-256 "
                    + HexFormat.of().formatHex(actual) + ", recorded "
                    + HexFormat.of().formatHex(expectedSha256));
        }
    }
}
