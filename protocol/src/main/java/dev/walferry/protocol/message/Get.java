package dev.walferry.protocol.message;

import dev.walferry.protocol.codec.Limits;
import dev.walferry.protocol.codec.Wire;
import io.netty.buffer.ByteBuf;

/**
 * Asks for a file: {@code archive:str name:str waitMillis:u64}. With {@code waitMillis > 0} the receiver
 * holds the request until the file arrives or the time passes ({@link Status#TIMEOUT}). The answer is a
 * {@link FileHeader}, DATA frames and a {@link Result} {@code OK}, or a {@link Result} alone.
 */
public record Get(int streamId, String archive, String name, long waitMillis) implements Message {

    @Override
    public MessageType type() {
        return MessageType.GET;
    }

    @Override
    public void encodeBody(ByteBuf out) {
        Wire.writeString(out, archive);
        Wire.writeString(out, name);
        out.writeLong(waitMillis);
    }

    static Get decode(int streamId, ByteBuf in) {
        String archive = Wire.readString(in, "GET archive");
        String name = Wire.readString(in, "GET name");
        long wait = Wire.readLength(in, "GET wait", Limits.MAX_WAIT_MILLIS);
        return new Get(streamId, archive, name, wait);
    }
}
