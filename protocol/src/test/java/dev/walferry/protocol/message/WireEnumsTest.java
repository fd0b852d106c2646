package dev.walferry.protocol.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.walferry.protocol.codec.ProtocolException;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** The wire discriminators: every value maps back to its constant, unknown values are refused by number. */
class WireEnumsTest {

    @Test
    void messageType_everyValue_mapsBack() {
        for (MessageType t : MessageType.values()) {
            assertEquals(t, MessageType.of(t.value()));
        }
        assertEquals(
                "unknown message type -1",
                assertThrows(ProtocolException.class, () -> MessageType.of(-1)).getMessage());
        assertEquals(
                "unknown message type 99",
                assertThrows(ProtocolException.class, () -> MessageType.of(99)).getMessage());
    }

    @Test
    void status_everyValue_mapsBack() {
        for (Status s : Status.values()) {
            assertEquals(s, Status.of(s.value()));
        }
        assertEquals(
                "unknown status 14",
                assertThrows(ProtocolException.class, () -> Status.of(14)).getMessage());
        assertEquals(
                "unknown status -1",
                assertThrows(ProtocolException.class, () -> Status.of(-1)).getMessage());
    }

    @Test
    void status_onlyStoredAndAlreadyPresent_meanDurablyStored() {
        for (Status s : Status.values()) {
            boolean durable = EnumSet.of(Status.STORED, Status.ALREADY_PRESENT).contains(s);
            assertEquals(durable, s.isStoredDurably(), s.name());
        }
    }

    @Test
    void compression_everyValue_mapsBack() {
        for (Compression c : Compression.values()) {
            assertEquals(c, Compression.of(c.value()));
        }
        assertEquals(
                "unknown compression 2",
                assertThrows(ProtocolException.class, () -> Compression.of(2)).getMessage());
    }

    @Test
    void result_of_hasZeroSizeAndZeroSha() {
        Result r = Result.of(3, Status.NOT_FOUND, "no such file");
        assertEquals(0, r.size());
        assertEquals(32, r.sha256().length);
        for (byte b : r.sha256()) {
            assertEquals(0, b);
        }
        assertTrue(r.equals(Result.of(3, Status.NOT_FOUND, "no such file")));
        assertFalse(r.equals(Result.of(3, Status.NOT_FOUND, "other")));
    }

    @Test
    void result_of_doesNotShareItsZeroSha() {
        Result a = Result.of(1, Status.OK, "");
        a.sha256()[0] = 1;
        assertEquals(0, Result.of(2, Status.OK, "").sha256()[0]);
    }

    @Test
    void hello_current_speaksThisVersionOnStreamZero() {
        Hello h = Hello.current("agent");
        assertEquals(Hello.VERSION, h.version());
        assertEquals(0, h.streamId());
        assertEquals(0x57414C46, Hello.MAGIC);
    }
}
