package dev.walferry.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.walferry.protocol.message.Compression;
import dev.walferry.protocol.message.Data;
import dev.walferry.protocol.message.ListRequest;
import dev.walferry.protocol.message.Put;
import dev.walferry.protocol.message.PutEnd;
import dev.walferry.protocol.message.Result;
import dev.walferry.protocol.message.Status;
import dev.walferry.protocol.message.StatusRequest;
import dev.walferry.protocol.wal.SyntheticSegments;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A refused request is answered on its stream and logged once; the connection goes on. */
class RefusalTest extends HarnessTest {

    private static final String UNKNOWN = "no archive named \"other\" on this receiver";

    @BeforeEach
    void hello() {
        rx.feed(HandlerHarness.hello());
    }

    @Test
    void refusedPut_discardsItsData_andIsAnsweredAtPutEnd() {
        String name = SyntheticSegments.name(1, 1).toString();
        rx.send(new Put(3, "other", name, 3, Compression.NONE), new Data(3, 3, new byte[3]));
        assertEquals(List.of(), results());
        rx.send(new PutEnd(3, new byte[32]));
        assertEquals(List.of(Result.of(3, Status.UNKNOWN_ARCHIVE, UNKNOWN)), results());
        assertEquals(1L, refusals("refused PUT other/" + name + " from primary@embedded: UNKNOWN_ARCHIVE: " + UNKNOWN));
        assertFalse(rx.closed());
    }

    @Test
    void refusedLookupAndOperatorRequest_areAnsweredAtOnce() {
        rx.send(new ListRequest(5, "other", "", ""), new StatusRequest(6, "other"));
        assertEquals(
                List.of(Result.of(5, Status.UNKNOWN_ARCHIVE, UNKNOWN), Result.of(6, Status.UNKNOWN_ARCHIVE, UNKNOWN)),
                results());
        assertEquals(1L, refusals("refused LIST other from primary@embedded: UNKNOWN_ARCHIVE"));
        assertEquals(1L, refusals("refused STATUS other from primary@embedded: UNKNOWN_ARCHIVE"));
        assertFalse(rx.closed());
    }

    @Test
    void aRefusedStreamIsClosed_soItsIdServesTheNextRequest() {
        rx.send(new ListRequest(5, "other", "", ""), new ListRequest(5, "main", "", ""));
        assertEquals(
                List.of(Status.UNKNOWN_ARCHIVE, Status.OK),
                results().stream().map(Result::status).toList());
        assertTrue(rx.errors().isEmpty(), rx.errors().toString());
    }

    private List<Result> results() {
        return rx.answers().stream()
                .filter(m -> m instanceof Result)
                .map(m -> (Result) m)
                .toList();
    }

    private long refusals(String prefix) {
        return rx.logLines().stream().filter(l -> l.startsWith(prefix)).count();
    }
}
