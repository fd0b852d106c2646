package dev.walferry.protocol.message;

import dev.walferry.protocol.codec.Wire;
import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.HexFormat;

/** Ends a PUT: {@code sha256:32 bytes} of the uncompressed content. The receiver answers with a {@link Result}. */
public record PutEnd(int streamId, byte[] sha256) implements Message {

    @Override
    public MessageType type() {
        return MessageType.PUT_END;
    }

    @Override
    public void encodeBody(ByteBuf out) {
        Wire.writeSha256(out, sha256);
    }

    static PutEnd decode(int streamId, ByteBuf in) {
        return new PutEnd(streamId, Wire.readSha256(in, "PUT_END sha256"));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PutEnd p && p.streamId == streamId && Arrays.equals(p.sha256, sha256);
    }

    @Override
    public int hashCode() {
        return 31 * streamId + Arrays.hashCode(sha256);
    }

    @Override
    public String toString() {
        return "PutEnd[streamId=" + streamId + ", sha256=" + HexFormat.of().formatHex(sha256) + "]";
    }
}
