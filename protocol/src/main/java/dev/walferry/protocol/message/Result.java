package dev.walferry.protocol.message;

import dev.walferry.protocol.codec.Limits;
import dev.walferry.protocol.codec.Wire;
import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Ends a stream: {@code status:u8 size:u64 sha256:32 bytes message:str}. For a PUT the size and SHA-256 are
 * those of the file as stored (the acknowledgement names file, size and checksum); for a GET, those of the file
 * sent. Where none applies, size is 0 and the SHA-256 all zero.
 */
public record Result(int streamId, Status status, long size, byte[] sha256, String message) implements Message {

    private static final byte[] NO_SHA = new byte[Limits.SHA256_BYTES];

    public static Result of(int streamId, Status status, String message) {
        return new Result(streamId, status, 0, NO_SHA.clone(), message);
    }

    @Override
    public MessageType type() {
        return MessageType.RESULT;
    }

    @Override
    public void encodeBody(ByteBuf out) {
        out.writeByte(status.value());
        out.writeLong(size);
        Wire.writeSha256(out, sha256);
        Wire.writeString(out, message);
    }

    static Result decode(int streamId, ByteBuf in) {
        Status status = Status.of(Wire.readUnsignedByte(in, "RESULT status"));
        long size = Wire.readLength(in, "RESULT size", Limits.MAX_FILE_SIZE);
        byte[] sha = Wire.readSha256(in, "RESULT sha256");
        String message = Wire.readString(in, "RESULT message");
        return new Result(streamId, status, size, sha, message);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Result r
                && r.streamId == streamId
                && r.status == status
                && r.size == size
                && Arrays.equals(r.sha256, sha256)
                && r.message.equals(message);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new Object[] {streamId, status, size, Arrays.hashCode(sha256), message});
    }

    @Override
    public String toString() {
        return "Result[streamId=" + streamId + ", status=" + status + ", size=" + size + ", sha256="
                + HexFormat.of().formatHex(sha256) + ", message=" + message + "]";
    }
}
