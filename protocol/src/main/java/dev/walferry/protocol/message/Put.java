package dev.walferry.protocol.message;

import dev.walferry.protocol.codec.Limits;
import dev.walferry.protocol.codec.Wire;
import io.netty.buffer.ByteBuf;

/**
 * Starts a transfer into an archive: {@code archive:str name:str size:u64 compression:u8}. {@code size} is
 * the raw (uncompressed) length; DATA frames follow, then {@link PutEnd}.
 */
public record Put(int streamId, String archive, String name, long size, Compression compression) implements Message {

    @Override
    public MessageType type() {
        return MessageType.PUT;
    }

    @Override
    public void encodeBody(ByteBuf out) {
        Wire.writeString(out, archive);
        Wire.writeString(out, name);
        out.writeLong(size);
        out.writeByte(compression.value());
    }

    static Put decode(int streamId, ByteBuf in) {
        String archive = Wire.readString(in, "PUT archive");
        String name = Wire.readString(in, "PUT name");
        long size = Wire.readLength(in, "PUT size", Limits.MAX_FILE_SIZE);
        Compression c = Compression.of(Wire.readUnsignedByte(in, "PUT compression"));
        return new Put(streamId, archive, name, size, c);
    }
}
