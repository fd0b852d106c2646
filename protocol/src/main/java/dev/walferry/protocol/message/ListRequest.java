package dev.walferry.protocol.message;

import dev.walferry.protocol.codec.Wire;
import io.netty.buffer.ByteBuf;

/**
 * Lists stored files: {@code archive:str from:str to:str}; empty bounds mean open. Answered by one
 * {@link ListEntry} per file in name order, then a {@link Result} {@code OK}.
 */
public record ListRequest(int streamId, String archive, String from, String to) implements Message {

    @Override
    public MessageType type() {
        return MessageType.LIST;
    }

    @Override
    public void encodeBody(ByteBuf out) {
        Wire.writeString(out, archive);
        Wire.writeString(out, from);
        Wire.writeString(out, to);
    }

    static ListRequest decode(int streamId, ByteBuf in) {
        return new ListRequest(
                streamId,
                Wire.readString(in, "LIST archive"),
                Wire.readString(in, "LIST from"),
                Wire.readString(in, "LIST to"));
    }
}
