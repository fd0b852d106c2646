package dev.walferry.protocol.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/** Builds frames byte by byte, including ones no encoder would write. */
final class RawFrame {

    private final ByteBuf body = Unpooled.buffer();

    private RawFrame(int type, int streamId) {
        body.writeByte(type).writeInt(streamId);
    }

    static RawFrame of(int type, int streamId) {
        return new RawFrame(type, streamId);
    }

    RawFrame u8(int v) {
        body.writeByte(v);
        return this;
    }

    RawFrame u16(int v) {
        body.writeShort(v);
        return this;
    }

    RawFrame u32(int v) {
        body.writeInt(v);
        return this;
    }

    RawFrame u64(long v) {
        body.writeLong(v);
        return this;
    }

    RawFrame str(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        body.writeShort(b.length).writeBytes(b);
        return this;
    }

    RawFrame bytes(byte[] b) {
        body.writeBytes(b);
        return this;
    }

    RawFrame sha() {
        return bytes(new byte[Limits.SHA256_BYTES]);
    }

    /** Length prefix (counting type, stream id and body) followed by the frame. */
    byte[] build() {
        ByteBuf out = Unpooled.buffer();
        out.writeInt(body.readableBytes()).writeBytes(body);
        body.release();
        try {
            return ByteBufUtil.getBytes(out);
        } finally {
            out.release();
        }
    }
}
