package dev.walferry.protocol.message;

import dev.walferry.protocol.codec.ProtocolException;
import dev.walferry.protocol.codec.Wire;
import io.netty.buffer.ByteBuf;

/**
 * First frame each way: {@code magic:u32 version:u16 agent:str}, stream id 0. The client sends it first;
 * the receiver answers with its own HELLO. Stream 0 carries nothing but HELLO, so a version mismatch is not
 * answered with a RESULT: a receiver that does not speak the client's version still sends its HELLO (naming
 * the version it does speak) and closes, and the client reports {@link Status#UNSUPPORTED_VERSION} locally.
 */
public record Hello(int version, String agent) implements Message {

    /** "WALF" in ASCII. */
    public static final int MAGIC = 0x57414C46;

    /** The protocol version this code speaks. */
    public static final int VERSION = 1;

    public static Hello current(String agent) {
        return new Hello(VERSION, agent);
    }

    @Override
    public MessageType type() {
        return MessageType.HELLO;
    }

    @Override
    public int streamId() {
        return 0;
    }

    @Override
    public void encodeBody(ByteBuf out) {
        out.writeInt(MAGIC);
        out.writeShort(version);
        Wire.writeString(out, agent);
    }

    static Hello decode(int streamId, ByteBuf in) {
        if (streamId != 0) {
            throw new ProtocolException("HELLO on stream " + streamId + ", expected 0");
        }
        int magic = Wire.readInt(in, "HELLO magic");
        if (magic != MAGIC) {
            throw new ProtocolException(
                    String.format("bad magic 0x%08X, expected 0x%08X (is this a walferry peer?)", magic, MAGIC));
        }
        int version = Wire.readUnsignedShort(in, "HELLO version");
        String agent = Wire.readString(in, "HELLO agent");
        return new Hello(version, agent);
    }
}
