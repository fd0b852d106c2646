package dev.walferry.server.net;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import dev.walferry.protocol.codec.Limits;
import dev.walferry.protocol.message.Compression;
import dev.walferry.protocol.message.Data;
import dev.walferry.protocol.message.FileHeader;
import dev.walferry.protocol.message.Result;
import dev.walferry.protocol.message.Status;
import dev.walferry.server.storage.StoredFile;
import io.netty.channel.ChannelHandlerContext;
import java.io.IOException;
import java.io.InputStream;

/**
 * Streams one stored file as the answer to a GET: FILE, DATA chunks while the channel is writable, then
 * RESULT OK. Never holds more than one chunk of the file in memory; resumes when the channel becomes
 * writable again.
 */
final class FileSender implements AutoCloseable {

    private final int streamId;
    private final StoredFile file;
    private final InputStream in;
    private final ZstdCompressCtx zstd = new ZstdCompressCtx().setLevel(LEVEL);
    private final byte[] packed = new byte[(int) Zstd.compressBound(Limits.MAX_CHUNK)];
    private long remaining;
    private boolean headerSent;

    /**
     * zstd level for answers: 1, the cheapest. WAL compresses well (often 5-20x), so compressing costs the receiver
     * less CPU than encrypting the raw bytes for TLS would, and the client decrypts less (docs/performance.md).
     */
    static final int LEVEL = 1;

    FileSender(int streamId, StoredFile file, InputStream in) {
        this.streamId = streamId;
        this.file = file;
        this.in = in;
        this.remaining = file.size();
    }

    int streamId() {
        return streamId;
    }

    /**
     * Writes as much as the channel takes. Returns true when the whole answer has been written.
     *
     * @throws IOException when reading the stored file fails or it is shorter than recorded
     */
    boolean pump(ChannelHandlerContext ctx) throws IOException {
        if (!headerSent) {
            ctx.write(new FileHeader(streamId, file.name().toString(), file.size(), Compression.ZSTD, file.sha256()));
            headerSent = true;
        }
        while (remaining > 0 && ctx.channel().isWritable()) {
            int n = (int) Math.min(Limits.MAX_CHUNK, remaining);
            byte[] chunk = in.readNBytes(n);
            if (chunk.length != n) {
                throw new IOException(
                        "stored file " + file.name() + " is shorter than its recorded size " + file.size());
            }
            remaining -= n;
            int c = zstd.compressByteArray(packed, 0, packed.length, chunk, 0, n);
            ctx.writeAndFlush(new Data(streamId, n, java.util.Arrays.copyOf(packed, c)));
        }
        if (remaining == 0) {
            ctx.writeAndFlush(new Result(streamId, Status.OK, file.size(), file.sha256(), ""));
            return true;
        }
        return false;
    }

    @Override
    public void close() {
        zstd.close();
        try {
            in.close();
        } catch (IOException ignored) {
            // read-only stream
        }
    }
}
