package dev.walferry.bench;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import dev.walferry.protocol.codec.Limits;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One 16 MiB segment through the client's streaming path, chunk by chunk ({@link Limits#MAX_CHUNK}): SHA-256 alone
 * (the baseline every copy pays), zstd alone at several levels, both as push does them, and the receiver's
 * decompression. Reported as milliseconds per segment.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class StreamingPathBenchmark {

    @Param({"1", "3", "6"})
    int level;

    private byte[] segment;
    private byte[] packed;
    private byte[][] compressedChunks;
    private byte[] raw;
    private ZstdCompressCtx zstd;
    private ZstdDecompressCtx unzstd;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        segment = WalChunks.segment();
        packed = new byte[(int) Zstd.compressBound(Limits.MAX_CHUNK)];
        raw = new byte[Limits.MAX_CHUNK];
        zstd = new ZstdCompressCtx().setLevel(level);
        unzstd = new ZstdDecompressCtx();
        compressedChunks = new byte[segment.length / Limits.MAX_CHUNK][];
        for (int i = 0; i < compressedChunks.length; i++) {
            int n = zstd.compressByteArray(packed, 0, packed.length, segment, i * Limits.MAX_CHUNK, Limits.MAX_CHUNK);
            compressedChunks[i] = java.util.Arrays.copyOf(packed, n);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        zstd.close();
        unzstd.close();
    }

    @Benchmark
    public byte[] sha256Only() throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        for (int off = 0; off < segment.length; off += Limits.MAX_CHUNK) {
            md.update(segment, off, Limits.MAX_CHUNK);
        }
        return md.digest();
    }

    @Benchmark
    public long zstdOnly() {
        long out = 0;
        for (int off = 0; off < segment.length; off += Limits.MAX_CHUNK) {
            out += zstd.compressByteArray(packed, 0, packed.length, segment, off, Limits.MAX_CHUNK);
        }
        return out;
    }

    /** What push does per segment: hash and compress each chunk. */
    @Benchmark
    public long sha256AndZstd() throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        long out = 0;
        for (int off = 0; off < segment.length; off += Limits.MAX_CHUNK) {
            md.update(segment, off, Limits.MAX_CHUNK);
            out += zstd.compressByteArray(packed, 0, packed.length, segment, off, Limits.MAX_CHUNK);
        }
        return out + md.digest()[0];
    }

    /** What the receiver does per segment: decompress and hash each chunk. */
    @Benchmark
    public long unzstdAndSha256() throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        long n = 0;
        for (byte[] c : compressedChunks) {
            int got = unzstd.decompressByteArray(raw, 0, raw.length, c, 0, c.length);
            md.update(raw, 0, got);
            n += got;
        }
        return n + md.digest()[0];
    }

    /** Compressed size of the segment at this level, as a fraction of 1000 (reported in docs, not timed). */
    public static void main(String[] args) throws IOException {
        byte[] s = WalChunks.segment();
        for (int level : new int[] {1, 3, 6}) {
            try (ZstdCompressCtx z = new ZstdCompressCtx().setLevel(level)) {
                byte[] p = new byte[(int) Zstd.compressBound(Limits.MAX_CHUNK)];
                long total = 0;
                for (int off = 0; off < s.length; off += Limits.MAX_CHUNK) {
                    total += z.compressByteArray(p, 0, p.length, s, off, Limits.MAX_CHUNK);
                }
                System.out.printf(
                        "zstd level %d: %d of %d bytes (%.1f %%)%n", level, total, s.length, 100.0 * total / s.length);
            }
        }
    }
}
