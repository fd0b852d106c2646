package dev.walferry.server.net;

import static dev.walferry.server.net.HandlerHarness.frames;
import static dev.walferry.server.net.HandlerHarness.hello;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.Zstd;
import dev.walferry.protocol.codec.Limits;
import dev.walferry.protocol.message.Compression;
import dev.walferry.protocol.message.Data;
import dev.walferry.protocol.message.Get;
import dev.walferry.protocol.message.Hello;
import dev.walferry.protocol.message.Message;
import dev.walferry.protocol.message.Put;
import dev.walferry.protocol.message.PutEnd;
import dev.walferry.protocol.message.Result;
import dev.walferry.protocol.message.Stat;
import dev.walferry.protocol.message.Status;
import dev.walferry.protocol.wal.SyntheticSegments;
import dev.walferry.protocol.wal.WalFileName;
import dev.walferry.server.storage.Sha256;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile input against the receiver's decoder and connection handler (issue 6, point 6): each case is refused
 * with a protocol error, the connection is closed, and nothing is written to the archive.
 */
class HostileInputTest extends HarnessTest {

    private static final WalFileName SEG = SyntheticSegments.name(1, 1);

    @Test
    void wellFormedPut_isStored() {
        byte[] seg = SyntheticSegments.segment(SEG, 1);
        rx.feed(hello()).feed(put(SEG.toString(), seg));
        List<Message> answers = rx.answers();
        assertEquals(Status.STORED, ((Result) answers.get(answers.size() - 1)).status(), answers.toString());
        assertFalse(rx.closed());
    }

    static Stream<byte[]> brokenFrames() {
        byte[] tooLong =
                ByteBuffer.allocate(4).putInt(Limits.MAX_FRAME_LENGTH + 1).array();
        byte[] tooShort =
                ByteBuffer.allocate(8).putInt(Limits.MIN_FRAME_LENGTH - 1).array();
        byte[] badMagic = hello();
        badMagic[9] ^= 0x01; // first byte of the magic, after length:4 type:1 stream:4
        byte[] unknownType = hello();
        unknownType[4] = 99;
        byte[] hugeLength = new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
        return Stream.of(tooLong, tooShort, badMagic, unknownType, hugeLength);
    }

    @ParameterizedTest
    @MethodSource("brokenFrames")
    void malformedFirstFrame_isProtocolError(byte[] bytes) {
        rx.feed(bytes);
        assertRefused();
    }

    @Test
    void oversizeFrameAfterHello_isProtocolErrorBeforeItIsBuffered() {
        byte[] header = ByteBuffer.allocate(9)
                .putInt(Limits.MAX_FRAME_LENGTH + 1)
                .put((byte) 3)
                .putInt(1)
                .array();
        rx.feed(hello()).feed(header);
        assertRefused();
    }

    @Test
    void otherProtocolVersion_isAnsweredThenClosed_andNothingAfterItIsActedOn() {
        byte[] seg = SyntheticSegments.segment(SEG, 2);
        rx.feed(concat(frames(new Hello(Hello.VERSION + 1, "future")), put(SEG.toString(), seg)));
        assertRefused();
        assertTrue(
                rx.logged("protocol version " + (Hello.VERSION + 1)),
                rx.logLines().toString());
        assertTrue(
                rx.answers().stream().noneMatch(m -> m instanceof Result),
                rx.answers().toString());
    }

    static Stream<List<Message>> outOfOrder() {
        byte[] sha = new byte[32];
        return Stream.of(
                List.of(new Data(1, 3, new byte[3])),
                List.of(new PutEnd(1, sha)),
                List.of(Hello.current("again")),
                List.of(Result.of(1, Status.OK, "")),
                List.of(
                        new Put(1, "main", SEG.toString(), 3, Compression.NONE),
                        new Put(1, "main", SEG.toString(), 3, Compression.NONE)),
                List.of(new Put(1, "main", SEG.toString(), 3, Compression.NONE), new Data(2, 3, new byte[3])));
    }

    @ParameterizedTest
    @MethodSource("outOfOrder")
    void frameOutOfOrder_isProtocolError(List<Message> messages) {
        rx.feed(concat(hello(), frames(messages.toArray(Message[]::new))));
        assertRefused();
    }

    @Test
    void putBeforeHello_isProtocolError() {
        rx.send(new Put(1, "main", SEG.toString(), 3, Compression.NONE));
        assertRefused();
    }

    @Test
    void protocolError_thenAWholeValidPutInTheSameRead_storesNothing() {
        byte[] seg = SyntheticSegments.segment(SEG, 3);
        rx.feed(concat(hello(), frames(new Data(9, 3, new byte[3])), put(SEG.toString(), seg)));
        assertRefused();
        assertTrue(
                rx.answers().stream().noneMatch(m -> m instanceof Result),
                rx.answers().toString());
    }

    @Test
    void zstdChunkDecompressingBeyondItsDeclaredLength_isProtocolError() {
        byte[] raw = new byte[2000];
        byte[] packed = Zstd.compress(raw);
        rx.feed(hello())
                .send(
                        new Put(1, "main", SEG.toString(), SyntheticSegments.SEGMENT_SIZE, Compression.ZSTD),
                        new Data(1, 1000, packed));
        assertRefused();
    }

    @Test
    void zstdBombBeyondTheChunkLimit_isProtocolError() {
        byte[] packed = Zstd.compress(new byte[16 * Limits.MAX_CHUNK], 19);
        assertTrue(packed.length < Limits.MAX_CHUNK, "the bomb is small on the wire");
        rx.feed(hello())
                .send(
                        new Put(1, "main", SEG.toString(), SyntheticSegments.SEGMENT_SIZE, Compression.ZSTD),
                        new Data(1, Limits.MAX_CHUNK, packed));
        assertRefused();
    }

    @Test
    void rawChunkShorterThanItsDeclaredLength_isProtocolError() {
        rx.feed(hello())
                .send(
                        new Put(1, "main", SEG.toString(), SyntheticSegments.SEGMENT_SIZE, Compression.NONE),
                        new Data(1, 1000, new byte[999]));
        assertRefused();
    }

    @Test
    void fewerBytesThanDeclared_isProtocolError() {
        byte[] seg = SyntheticSegments.segment(SEG, 4);
        byte[] half = Arrays.copyOf(seg, seg.length / 2);
        rx.feed(hello()).send(new Put(1, "main", SEG.toString(), seg.length, Compression.NONE));
        rx.feed(chunks(1, half)).send(new PutEnd(1, Sha256.of(half)));
        assertRefused();
    }

    @Test
    void moreBytesThanDeclared_isProtocolError() {
        byte[] seg = SyntheticSegments.segment(SEG, 5);
        rx.feed(hello()).send(new Put(1, "main", SEG.toString(), seg.length - 1, Compression.NONE));
        rx.feed(chunks(1, seg));
        assertRefused();
    }

    static Stream<String> hostileNames() {
        return Stream.of(
                "../000000010000000000000001",
                "a/b",
                "..",
                "/etc/passwd",
                "00000001.history\0",
                "000000010000000000000001\0x",
                "0".repeat(65),
                "00000001.history".repeat(5),
                "",
                "x y",
                "000000010000000000000001/");
    }

    @ParameterizedTest
    @MethodSource("hostileNames")
    void hostileNameInPut_isProtocolError(String name) {
        rx.feed(hello())
                .send(
                        new Put(1, "main", name, 3, Compression.NONE),
                        new Data(1, 3, new byte[3]),
                        new PutEnd(1, new byte[32]));
        assertRefused();
        assertTrue(rx.logged("invalid WAL file name"), rx.logLines().toString());
    }

    @ParameterizedTest
    @MethodSource("hostileNames")
    void hostileNameInGetOrStat_isProtocolError(String name) {
        rx.feed(hello()).send(name.length() % 2 == 0 ? new Get(1, "main", name, 0) : new Stat(1, "main", name));
        assertRefused();
    }

    /** Closed, logged as a protocol error, no temp file left, nothing in the archive directory. */
    private void assertRefused() {
        assertTrue(rx.closed(), "connection closed");
        assertTrue(
                rx.logLines().stream().anyMatch(l -> l.startsWith("protocol error")),
                rx.logLines().toString());
        assertEquals(List.of(), rx.errors());
        assertEquals(List.of(), list(storage.directory().resolve(".walferry/incoming")), "temp files");
        assertEquals(List.of(".walferry"), list(storage.directory()), "archive directory");
    }

    private static byte[] put(String name, byte[] content) {
        return concat(
                frames(new Put(1, "main", name, content.length, Compression.NONE)),
                chunks(1, content),
                frames(new PutEnd(1, Sha256.of(content))));
    }

    private static byte[] chunks(int stream, byte[] content) {
        List<Message> out = new ArrayList<>();
        for (int off = 0; off < content.length; off += Limits.MAX_CHUNK) {
            int n = Math.min(Limits.MAX_CHUNK, content.length - off);
            out.add(new Data(stream, n, Arrays.copyOfRange(content, off, off + n)));
        }
        return frames(out.toArray(Message[]::new));
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        ByteBuffer b = ByteBuffer.allocate(n);
        for (byte[] p : parts) {
            b.put(p);
        }
        return b.array();
    }

    private static List<String> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
