package dev.walferry.protocol.codec;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/** Field readers and writers shared by the message codecs; every read is bounds-checked. */
public final class Wire {

    private Wire() {}

    /** Writes {@code u16 length, UTF-8 bytes}. */
    public static void writeString(ByteBuf out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > Limits.MAX_STRING_BYTES) {
            throw new IllegalArgumentException("string field longer than " + Limits.MAX_STRING_BYTES + " bytes");
        }
        out.writeShort(b.length);
        out.writeBytes(b);
    }

    public static String readString(ByteBuf in, String field) {
        int len = readUnsignedShort(in, field);
        if (len > Limits.MAX_STRING_BYTES) {
            throw new ProtocolException(field + ": string of " + len + " bytes exceeds " + Limits.MAX_STRING_BYTES);
        }
        need(in, len, field);
        String s = in.toString(in.readerIndex(), len, StandardCharsets.UTF_8);
        in.skipBytes(len);
        return s;
    }

    public static int readUnsignedShort(ByteBuf in, String field) {
        need(in, 2, field);
        return in.readUnsignedShort();
    }

    public static int readUnsignedByte(ByteBuf in, String field) {
        need(in, 1, field);
        return in.readUnsignedByte();
    }

    public static int readInt(ByteBuf in, String field) {
        need(in, 4, field);
        return in.readInt();
    }

    public static long readLong(ByteBuf in, String field) {
        need(in, 8, field);
        return in.readLong();
    }

    /** Reads a length in {@code [0, max]} stored as a signed 64-bit value. */
    public static long readLength(ByteBuf in, String field, long max) {
        long v = readLong(in, field);
        if (v < 0 || v > max) {
            throw new ProtocolException(field + " " + v + " outside 0.." + max);
        }
        return v;
    }

    public static byte[] readSha256(ByteBuf in, String field) {
        need(in, Limits.SHA256_BYTES, field);
        byte[] b = new byte[Limits.SHA256_BYTES];
        in.readBytes(b);
        return b;
    }

    public static void writeSha256(ByteBuf out, byte[] sha) {
        if (sha.length != Limits.SHA256_BYTES) {
            throw new IllegalArgumentException("SHA-256 must be " + Limits.SHA256_BYTES + " bytes");
        }
        out.writeBytes(sha);
    }

    /** Fails unless the frame body was consumed exactly. */
    public static void expectEnd(ByteBuf in, String message) {
        if (in.isReadable()) {
            throw new ProtocolException(message + ": " + in.readableBytes() + " trailing bytes");
        }
    }

    private static void need(ByteBuf in, int n, String field) {
        if (in.readableBytes() < n) {
            throw new ProtocolException(field + ": frame ends early (" + in.readableBytes() + " of " + n + " bytes)");
        }
    }
}
