package dev.walferry.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

/**
 * Input for the streaming-path benchmarks: a real WAL segment when {@code -Dwalferry.bench.wal=FILE} names one
 * (the numbers in docs/performance.md use a pgbench segment), otherwise 16 MiB shaped like busy WAL: records of
 * mostly small integers and repeated tuple bytes, with full-page images of random data every so often.
 */
final class WalChunks {

    static final int SEGMENT = 16 << 20;

    private WalChunks() {}

    static byte[] segment() throws IOException {
        String file = System.getProperty("walferry.bench.wal");
        if (file != null) {
            return Files.readAllBytes(Path.of(file));
        }
        byte[] b = new byte[SEGMENT];
        Random r = new Random(42);
        int i = 0;
        while (i < b.length) {
            int len = Math.min(b.length - i, r.nextInt(8) == 0 ? 8192 : 64 + r.nextInt(192));
            if (len == 8192) {
                byte[] page = new byte[len];
                r.nextBytes(page);
                Arrays.fill(page, 0, 2048, (byte) 0);
                System.arraycopy(page, 0, b, i, len);
            } else {
                for (int j = 0; j < len; j++) {
                    b[i + j] = (byte) (j % 7 == 0 ? r.nextInt(16) : (j * 31) & 0x3f);
                }
            }
            i += len;
        }
        return b;
    }
}
