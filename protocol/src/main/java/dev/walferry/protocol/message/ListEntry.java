package dev.walferry.protocol.message;

import dev.walferry.protocol.codec.Limits;
import dev.walferry.protocol.codec.Wire;
import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.HexFormat;

/** One stored file in a LIST answer: {@code name:str size:u64 sha256:32 bytes storedAtMillis:u64}. */
public record ListEntry(int streamId, String name, long size, byte[] sha256, long storedAtMillis) implements Message {

    @Override
    public MessageType type() {
        return MessageType.ENTRY;
    }

    @Override
    public void encodeBody(ByteBuf out) {
        Wire.writeString(out, name);
        out.writeLong(size);
        Wire.writeSha256(out, sha256);
        out.writeLong(storedAtMillis);
    }

    static ListEntry decode(int streamId, ByteBuf in) {
        String name = Wire.readString(in, "ENTRY name");
        long size = Wire.readLength(in, "ENTRY size", Limits.MAX_FILE_SIZE);
        byte[] sha = Wire.readSha256(in, "ENTRY sha256");
        long at = Wire.readLong(in, "ENTRY stored at");
        return new ListEntry(streamId, name, size, sha, at);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ListEntry e
                && e.streamId == streamId
                && e.name.equals(name)
                && e.size == size
                && Arrays.equals(e.sha256, sha256)
                && e.storedAtMillis == storedAtMillis;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new Object[] {streamId, name, size, Arrays.hashCode(sha256), storedAtMillis});
    }

    @Override
    public String toString() {
        return "ListEntry[streamId=" + streamId + ", name=" + name + ", size=" + size + ", sha256="
                + HexFormat.of().formatHex(sha256) + ", storedAtMillis=" + storedAtMillis + "]";
    }
}
