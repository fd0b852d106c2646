package dev.walferry.protocol.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.walferry.protocol.codec.ProtocolException;
import dev.walferry.protocol.frame.MessageEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import org.junit.jupiter.api.Test;

class OperatorMessagesTest {

    private static Message roundTrip(Message m) {
        ByteBuf buf = Unpooled.buffer();
        try {
            MessageEncoder.encodeFrame(m, buf);
            buf.skipBytes(4);
            return MessageDecoder.decode(buf);
        } finally {
            buf.release();
        }
    }

    @Test
    void operatorMessages_roundTrip() {
        for (Message m : List.of(
                new StatusRequest(3, "main"),
                new Item(3, "gap", "000000010000000000000003"),
                new VerifyRequest(5, "main", 16),
                new ShowRequest(7, "main", "00000002.history"),
                new CleanupRequest(9, "main", "000000010000000000000010", CleanupRequest.DRY_RUN))) {
            assertEquals(m, roundTrip(m));
        }
    }

    @Test
    void verifyRequest_zeroJobs_isAProtocolError() {
        ByteBuf buf = Unpooled.buffer();
        buf.writeByte(MessageType.VERIFY.value())
                .writeInt(1)
                .writeShort(1)
                .writeByte('m')
                .writeByte(0);
        assertEquals(
                "VERIFY jobs 0 outside 1..16",
                assertThrows(ProtocolException.class, () -> MessageDecoder.decode(buf))
                        .getMessage());
    }

    @Test
    void cleanupRequest_unknownFlag_isAProtocolError() {
        ByteBuf buf = Unpooled.buffer();
        buf.writeByte(MessageType.CLEANUP.value())
                .writeInt(1)
                .writeShort(1)
                .writeByte('m')
                .writeShort(1)
                .writeByte('x')
                .writeByte(0x80);
        assertEquals(
                "CLEANUP flags 0x80 has unknown bits",
                assertThrows(ProtocolException.class, () -> MessageDecoder.decode(buf))
                        .getMessage());
    }
}
