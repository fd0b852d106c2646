package dev.walferry.protocol.message;

import dev.walferry.protocol.codec.Wire;
import io.netty.buffer.ByteBuf;

/**
 * One fact of an answer to STATUS, VERIFY, SHOW or CLEANUP: {@code key:str value:str}. Keys may repeat (one
 * per list element); a client ignores keys it does not know.
 */
public record Item(int streamId, String key, String value) implements Message {

    @Override
    public MessageType type() {
        return MessageType.ITEM;
    }

    @Override
    public void encodeBody(ByteBuf out) {
        Wire.writeString(out, key);
        Wire.writeString(out, value);
    }

    static Item decode(int streamId, ByteBuf in) {
        return new Item(streamId, Wire.readString(in, "ITEM key"), Wire.readString(in, "ITEM value"));
    }
}
