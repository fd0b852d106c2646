package dev.walferry.server.net;

import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import dev.walferry.protocol.codec.Limits;
import dev.walferry.protocol.codec.ProtocolException;
import dev.walferry.protocol.message.Compression;
import dev.walferry.protocol.message.Data;

/**
 * Turns DATA chunks back into raw bytes. The output buffer is {@link Limits#MAX_CHUNK} bytes, so a chunk
 * that would decompress beyond it (a zstd bomb) fails instead of allocating; a chunk whose output differs from
 * its declared raw length is a protocol error. One per connection; not thread-safe.
 */
final class ChunkDecoder implements AutoCloseable {

    private final byte[] buffer = new byte[Limits.MAX_CHUNK];
    private ZstdDecompressCtx zstd;

    /** Returns the raw bytes of the chunk in a buffer valid until the next call; length is {@code rawLength}. */
    byte[] decode(Data data, Compression compression) {
        if (compression == Compression.NONE) {
            if (data.bytes().length != data.rawLength()) {
                throw new ProtocolException("DATA on stream " + data.streamId() + " carries " + data.bytes().length
                        + " bytes but declares " + data.rawLength());
            }
            return data.bytes();
        }
        if (zstd == null) {
            zstd = new ZstdDecompressCtx();
        }
        int n;
        try {
            zstd.reset();
            n = zstd.decompressByteArray(buffer, 0, buffer.length, data.bytes(), 0, data.bytes().length);
        } catch (ZstdException e) {
            throw new ProtocolException("DATA on stream " + data.streamId() + " is not a valid zstd chunk of at most "
                    + Limits.MAX_CHUNK + " bytes: " + e.getMessage());
        }
        if (n != data.rawLength()) {
            throw new ProtocolException("DATA on stream " + data.streamId() + " decompresses to " + n
                    + " bytes but declares " + data.rawLength());
        }
        return buffer;
    }

    @Override
    public void close() {
        if (zstd != null) {
            zstd.close();
            zstd = null;
        }
    }
}
