package dev.walferry.protocol.message;

import dev.walferry.protocol.codec.Limits;
import dev.walferry.protocol.codec.ProtocolException;
import dev.walferry.protocol.codec.Wire;
import io.netty.buffer.ByteBuf;

/**
 * A chunk of file content: {@code rawLength:u32 bytes}. {@code rawLength} is the uncompressed length of this
 * chunk (at most {@link Limits#MAX_CHUNK}); {@code bytes} is the chunk as the transfer's compression encodes it.
 */
public record Data(int streamId, int rawLength, byte[] bytes) implements Message {

    @Override
    public MessageType type() {
        return MessageType.DATA;
    }

    @Override
    public void encodeBody(ByteBuf out) {
        out.writeInt(rawLength);
        out.writeBytes(bytes);
    }

    static Data decode(int streamId, ByteBuf in) {
        int raw = Wire.readInt(in, "DATA raw length");
        if (raw <= 0 || raw > Limits.MAX_CHUNK) {
            throw new ProtocolException(
                    "DATA raw length " + Integer.toUnsignedString(raw) + " outside 1.." + Limits.MAX_CHUNK);
        }
        if (!in.isReadable()) {
            throw new ProtocolException("DATA without bytes");
        }
        byte[] b = new byte[in.readableBytes()];
        in.readBytes(b);
        return new Data(streamId, raw, b);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Data d
                && d.streamId == streamId
                && d.rawLength == rawLength
                && java.util.Arrays.equals(d.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * streamId + rawLength) + java.util.Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "Data[streamId=" + streamId + ", rawLength=" + rawLength + ", bytes=" + bytes.length + "]";
    }
}
