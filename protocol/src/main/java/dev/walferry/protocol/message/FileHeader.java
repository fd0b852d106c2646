package dev.walferry.protocol.message;

import dev.walferry.protocol.codec.Limits;
import dev.walferry.protocol.codec.Wire;
import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Starts the answer to a GET: {@code name:str size:u64 compression:u8 sha256:32 bytes}. The SHA-256 is the
 * one recorded when the file was stored; the client checks the bytes it receives against it.
 */
public record FileHeader(int streamId, String name, long size, Compression compression, byte[] sha256)
        implements Message {

    @Override
    public MessageType type() {
        return MessageType.FILE;
    }

    @Override
    public void encodeBody(ByteBuf out) {
        Wire.writeString(out, name);
        out.writeLong(size);
        out.writeByte(compression.value());
        Wire.writeSha256(out, sha256);
    }

    static FileHeader decode(int streamId, ByteBuf in) {
        String name = Wire.readString(in, "FILE name");
        long size = Wire.readLength(in, "FILE size", Limits.MAX_FILE_SIZE);
        Compression c = Compression.of(Wire.readUnsignedByte(in, "FILE compression"));
        byte[] sha = Wire.readSha256(in, "FILE sha256");
        return new FileHeader(streamId, name, size, c, sha);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FileHeader f
                && f.streamId == streamId
                && f.name.equals(name)
                && f.size == size
                && f.compression == compression
                && Arrays.equals(f.sha256, sha256);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new Object[] {streamId, name, size, compression, Arrays.hashCode(sha256)});
    }

    @Override
    public String toString() {
        return "FileHeader[streamId=" + streamId + ", name=" + name + ", size=" + size + ", compression=" + compression
                + ", sha256=" + HexFormat.of().formatHex(sha256) + "]";
    }
}
