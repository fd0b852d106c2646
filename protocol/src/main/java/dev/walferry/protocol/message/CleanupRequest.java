package dev.walferry.protocol.message;

import dev.walferry.protocol.codec.ProtocolException;
import dev.walferry.protocol.codec.Wire;
import io.netty.buffer.ByteBuf;

/**
 * Removes files older than a restart file, as pg_archivecleanup does: {@code archive:str oldestKept:str
 * flags:u8} with flag bits {@value #DRY_RUN} (remove nothing, answer what would go) and {@value #BACKUP_HISTORY}
 * (also {@code .backup} files). Answered by one {@link Item} {@code removed NAME} per file and a {@link Result}
 * {@code OK}.
 */
public record CleanupRequest(int streamId, String archive, String oldestKept, int flags) implements Message {

    public static final int DRY_RUN = 1;
    public static final int BACKUP_HISTORY = 2;
    public static final int KNOWN_FLAGS = DRY_RUN | BACKUP_HISTORY;

    public boolean dryRun() {
        return (flags & DRY_RUN) != 0;
    }

    public boolean backupHistory() {
        return (flags & BACKUP_HISTORY) != 0;
    }

    @Override
    public MessageType type() {
        return MessageType.CLEANUP;
    }

    @Override
    public void encodeBody(ByteBuf out) {
        Wire.writeString(out, archive);
        Wire.writeString(out, oldestKept);
        out.writeByte(flags);
    }

    static CleanupRequest decode(int streamId, ByteBuf in) {
        String archive = Wire.readString(in, "CLEANUP archive");
        String oldest = Wire.readString(in, "CLEANUP oldest kept");
        int flags = Wire.readUnsignedByte(in, "CLEANUP flags");
        if ((flags & ~KNOWN_FLAGS) != 0) {
            throw new ProtocolException("CLEANUP flags 0x" + Integer.toHexString(flags) + " has unknown bits");
        }
        return new CleanupRequest(streamId, archive, oldest, flags);
    }
}
