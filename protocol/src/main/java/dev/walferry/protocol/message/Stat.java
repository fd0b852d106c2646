package dev.walferry.protocol.message;

import dev.walferry.protocol.codec.Wire;
import io.netty.buffer.ByteBuf;

/**
 * Asks whether a file is stored: {@code archive:str name:str}. Answered by a {@link Result}: {@code OK} with the
 * stored size and SHA-256, or {@code NOT_FOUND}.
 */
public record Stat(int streamId, String archive, String name) implements Message {

    @Override
    public MessageType type() {
        return MessageType.STAT;
    }

    @Override
    public void encodeBody(ByteBuf out) {
        Wire.writeString(out, archive);
        Wire.writeString(out, name);
    }

    static Stat decode(int streamId, ByteBuf in) {
        return new Stat(streamId, Wire.readString(in, "STAT archive"), Wire.readString(in, "STAT name"));
    }
}
