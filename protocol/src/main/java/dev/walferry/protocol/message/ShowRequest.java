package dev.walferry.protocol.message;

import dev.walferry.protocol.codec.Wire;
import io.netty.buffer.ByteBuf;

/**
 * Asks for one stored file's header and checksums: {@code archive:str name:str}. Answered by {@link Item}s and
 * a {@link Result} {@code OK}, or {@code NOT_FOUND}.
 */
public record ShowRequest(int streamId, String archive, String name) implements Message {

    @Override
    public MessageType type() {
        return MessageType.SHOW;
    }

    @Override
    public void encodeBody(ByteBuf out) {
        Wire.writeString(out, archive);
        Wire.writeString(out, name);
    }

    static ShowRequest decode(int streamId, ByteBuf in) {
        return new ShowRequest(streamId, Wire.readString(in, "SHOW archive"), Wire.readString(in, "SHOW name"));
    }
}
