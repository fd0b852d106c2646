package dev.walferry.protocol.message;

import dev.walferry.protocol.codec.Wire;
import io.netty.buffer.ByteBuf;

/**
 * Asks for an archive's status: {@code archive:str}. Answered by {@link Item}s (one fact each, see
 * docs/archive-commands.md) and a {@link Result} {@code OK}, or a {@link Result} alone on refusal.
 */
public record StatusRequest(int streamId, String archive) implements Message {

    @Override
    public MessageType type() {
        return MessageType.STATUS;
    }

    @Override
    public void encodeBody(ByteBuf out) {
        Wire.writeString(out, archive);
    }

    static StatusRequest decode(int streamId, ByteBuf in) {
        return new StatusRequest(streamId, Wire.readString(in, "STATUS archive"));
    }
}
