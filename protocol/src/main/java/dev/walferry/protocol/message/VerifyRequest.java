package dev.walferry.protocol.message;

import dev.walferry.protocol.codec.ProtocolException;
import dev.walferry.protocol.codec.Wire;
import io.netty.buffer.ByteBuf;

/**
 * Asks the receiver to verify an archive: {@code archive:str jobs:u8} (1..{@value #MAX_JOBS} hashing threads).
 * Answered by {@link Item}s ({@code progress} items while hashing, which also keep the connection alive, then
 * the findings) and a {@link Result} {@code OK}.
 */
public record VerifyRequest(int streamId, String archive, int jobs) implements Message {

    /** Most hashing threads a client may ask for: verify must not starve the receiver's own disk work. */
    public static final int MAX_JOBS = 16;

    public VerifyRequest {
        if (jobs < 1 || jobs > MAX_JOBS) {
            throw new IllegalArgumentException("jobs " + jobs + " outside 1.." + MAX_JOBS);
        }
    }

    @Override
    public MessageType type() {
        return MessageType.VERIFY;
    }

    @Override
    public void encodeBody(ByteBuf out) {
        Wire.writeString(out, archive);
        out.writeByte(jobs);
    }

    static VerifyRequest decode(int streamId, ByteBuf in) {
        String archive = Wire.readString(in, "VERIFY archive");
        int jobs = Wire.readUnsignedByte(in, "VERIFY jobs");
        if (jobs < 1 || jobs > MAX_JOBS) {
            throw new ProtocolException("VERIFY jobs " + jobs + " outside 1.." + MAX_JOBS);
        }
        return new VerifyRequest(streamId, archive, jobs);
    }
}
