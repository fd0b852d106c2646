package dev.walferry.protocol.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.walferry.protocol.MessageArbitraries;
import dev.walferry.protocol.message.Compression;
import dev.walferry.protocol.message.Data;
import dev.walferry.protocol.message.Get;
import dev.walferry.protocol.message.Hello;
import dev.walferry.protocol.message.Message;
import dev.walferry.protocol.message.MessageType;
import dev.walferry.protocol.message.Put;
import dev.walferry.protocol.message.Stat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every limit and malformation of the wire format raises a {@link ProtocolException} whose message names the
 * problem, requests the close of the channel, and stops decoding: a valid frame sent after the bad one is
 * never decoded.
 */
class FrameDecoderLimitsTest {

    private static final int HELLO = MessageType.HELLO.value();
    private static final int PUT = MessageType.PUT.value();
    private static final int DATA = MessageType.DATA.value();
    private static final int PUT_END = MessageType.PUT_END.value();
    private static final int RESULT = MessageType.RESULT.value();
    private static final int GET = MessageType.GET.value();
    private static final int FILE = MessageType.FILE.value();
    private static final int STAT = MessageType.STAT.value();
    private static final int ENTRY = MessageType.ENTRY.value();

    private static final String SEG = "000000010000000000000001";

    private static byte[] lengthOnly(long length) {
        return new byte[] {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length};
    }

    private static byte[] withLength(int length, byte[] frameWithoutLength) {
        return FrameDecoderTest.concat(lengthOnly(length), frameWithoutLength);
    }

    static Stream<Arguments> malformedFrames() {
        return Stream.of(
                Arguments.of("frame length 0", lengthOnly(0), "frame length 0 outside 5..1048576"),
                Arguments.of(
                        "frame length below MIN",
                        withLength(4, new byte[] {3, 0, 0, 0}),
                        "frame length 4 outside 5..1048576"),
                Arguments.of(
                        "frame length above MAX",
                        lengthOnly(Limits.MAX_FRAME_LENGTH + 1),
                        "frame length 1048577 outside 5..1048576"),
                Arguments.of(
                        "frame length u32 max", lengthOnly(0xFFFF_FFFFL), "frame length 4294967295 outside 5..1048576"),
                Arguments.of("unknown type 0", RawFrame.of(0, 1).build(), "unknown message type 0"),
                Arguments.of("unknown type 99", RawFrame.of(99, 1).build(), "unknown message type 99"),
                Arguments.of("unknown type 255", RawFrame.of(255, 1).build(), "unknown message type 255"),
                Arguments.of(
                        "negative stream id",
                        RawFrame.of(STAT, -1).str("a").str("b").build(),
                        "negative stream id -1"),
                Arguments.of(
                        "min int stream id",
                        RawFrame.of(STAT, Integer.MIN_VALUE).str("a").str("b").build(),
                        "negative stream id -2147483648"),
                Arguments.of(
                        "non-HELLO on stream 0",
                        RawFrame.of(PUT, 0).str("main").str(SEG).u64(1).u8(0).build(),
                        "PUT on stream 0, which is reserved for HELLO"),
                Arguments.of(
                        "RESULT on stream 0 (version refusals are not sent this way)",
                        RawFrame.of(RESULT, 0)
                                .u8(13)
                                .u64(0)
                                .sha()
                                .str("version 2 unsupported")
                                .build(),
                        "RESULT on stream 0, which is reserved for HELLO"),
                Arguments.of(
                        "HELLO on stream 3",
                        RawFrame.of(HELLO, 3).u32(Hello.MAGIC).u16(1).str("a").build(),
                        "HELLO on stream 3, expected 0"),
                Arguments.of(
                        "bad HELLO magic",
                        RawFrame.of(HELLO, 0).u32(0x48545450).u16(1).str("a").build(),
                        "bad magic 0x48545450, expected 0x57414C46 (is this a walferry peer?)"),
                Arguments.of(
                        "HELLO without version",
                        RawFrame.of(HELLO, 0).u32(Hello.MAGIC).u8(0).build(),
                        "HELLO version: frame ends early (1 of 2 bytes)"),
                Arguments.of(
                        "string over MAX_STRING_BYTES",
                        RawFrame.of(STAT, 1).u16(1025).build(),
                        "STAT archive: string of 1025 bytes exceeds 1024"),
                Arguments.of(
                        "string length u16 max",
                        RawFrame.of(STAT, 1).str("main").u16(0xFFFF).build(),
                        "STAT name: string of 65535 bytes exceeds 1024"),
                Arguments.of(
                        "string shorter than its length",
                        RawFrame.of(STAT, 1).u16(10).u8('a').build(),
                        "STAT archive: frame ends early (1 of 10 bytes)"),
                Arguments.of(
                        "DATA raw length 0",
                        RawFrame.of(DATA, 1).u32(0).u8(1).build(),
                        "DATA raw length 0 outside 1..262144"),
                Arguments.of(
                        "DATA raw length above MAX_CHUNK",
                        RawFrame.of(DATA, 1).u32(Limits.MAX_CHUNK + 1).u8(1).build(),
                        "DATA raw length 262145 outside 1..262144"),
                Arguments.of(
                        "DATA raw length with the sign bit set",
                        RawFrame.of(DATA, 1).u32(-1).u8(1).build(),
                        "DATA raw length 4294967295 outside 1..262144"),
                Arguments.of("DATA without bytes", RawFrame.of(DATA, 1).u32(10).build(), "DATA without bytes"),
                Arguments.of(
                        "PUT size beyond MAX_FILE_SIZE",
                        RawFrame.of(PUT, 1)
                                .str("main")
                                .str(SEG)
                                .u64(Limits.MAX_FILE_SIZE + 1)
                                .u8(0)
                                .build(),
                        "PUT size 1073741825 outside 0..1073741824"),
                Arguments.of(
                        "PUT negative size",
                        RawFrame.of(PUT, 1).str("main").str(SEG).u64(-1).u8(0).build(),
                        "PUT size -1 outside 0..1073741824"),
                Arguments.of(
                        "PUT unknown compression",
                        RawFrame.of(PUT, 1).str("main").str(SEG).u64(1).u8(2).build(),
                        "unknown compression 2"),
                Arguments.of(
                        "FILE size beyond MAX_FILE_SIZE",
                        RawFrame.of(FILE, 1)
                                .str(SEG)
                                .u64(Long.MAX_VALUE)
                                .u8(0)
                                .sha()
                                .build(),
                        "FILE size 9223372036854775807 outside 0..1073741824"),
                Arguments.of(
                        "FILE unknown compression",
                        RawFrame.of(FILE, 1).str(SEG).u64(1).u8(255).sha().build(),
                        "unknown compression 255"),
                Arguments.of(
                        "FILE short sha256",
                        RawFrame.of(FILE, 1)
                                .str(SEG)
                                .u64(1)
                                .u8(0)
                                .bytes(new byte[31])
                                .build(),
                        "FILE sha256: frame ends early (31 of 32 bytes)"),
                Arguments.of(
                        "ENTRY size beyond MAX_FILE_SIZE",
                        RawFrame.of(ENTRY, 1)
                                .str(SEG)
                                .u64(Limits.MAX_FILE_SIZE + 1)
                                .sha()
                                .u64(0)
                                .build(),
                        "ENTRY size 1073741825 outside 0..1073741824"),
                Arguments.of(
                        "RESULT size beyond MAX_FILE_SIZE",
                        RawFrame.of(RESULT, 1)
                                .u8(0)
                                .u64(Limits.MAX_FILE_SIZE + 1)
                                .sha()
                                .str("")
                                .build(),
                        "RESULT size 1073741825 outside 0..1073741824"),
                Arguments.of(
                        "RESULT unknown status",
                        RawFrame.of(RESULT, 1).u8(14).u64(0).sha().str("").build(),
                        "unknown status 14"),
                Arguments.of(
                        "RESULT without message",
                        RawFrame.of(RESULT, 1).u8(0).u64(0).sha().build(),
                        "RESULT message: frame ends early (0 of 2 bytes)"),
                Arguments.of(
                        "GET wait beyond MAX_WAIT_MILLIS",
                        RawFrame.of(GET, 1)
                                .str("main")
                                .str(SEG)
                                .u64(Limits.MAX_WAIT_MILLIS + 1)
                                .build(),
                        "GET wait 86400001 outside 0..86400000"),
                Arguments.of(
                        "GET negative wait",
                        RawFrame.of(GET, 1)
                                .str("main")
                                .str(SEG)
                                .u64(Long.MIN_VALUE)
                                .build(),
                        "GET wait -9223372036854775808 outside 0..86400000"),
                Arguments.of(
                        "PUT_END short sha256",
                        RawFrame.of(PUT_END, 1).bytes(new byte[20]).build(),
                        "PUT_END sha256: frame ends early (20 of 32 bytes)"),
                Arguments.of(
                        "trailing bytes",
                        RawFrame.of(STAT, 1)
                                .str("main")
                                .str(SEG)
                                .u8(0)
                                .u8(0)
                                .u8(0)
                                .build(),
                        "STAT: 3 trailing bytes"),
                Arguments.of(
                        "trailing bytes after HELLO",
                        RawFrame.of(HELLO, 0)
                                .u32(Hello.MAGIC)
                                .u16(1)
                                .str("a")
                                .u8(0)
                                .build(),
                        "HELLO: 1 trailing bytes"),
                Arguments.of(
                        "PUT_END trailing bytes",
                        RawFrame.of(PUT_END, 1).sha().u8(9).build(),
                        "PUT_END: 1 trailing bytes"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedFrames")
    void decode_malformedFrame_failsNamingProblemAndDiscardsRest(String what, byte[] bad, String expected) {
        byte[] wire = FrameDecoderTest.concat(bad, MessageArbitraries.encode(List.of(new Stat(1, "main", SEG))));
        CodecHarness.Outcome o = CodecHarness.feed(wire);
        assertNotNull(o.error(), what + " was accepted");
        assertEquals(expected, o.error().getMessage());
        assertEquals(List.of(), o.messages());
        assertTrue(o.closeRequested());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedFrames")
    void decode_malformedFrameByteByByte_failsWithSameMessage(String what, byte[] bad, String expected) {
        byte[] wire = FrameDecoderTest.concat(bad, MessageArbitraries.encode(List.of(new Stat(1, "main", SEG))));
        CodecHarness.Outcome o = CodecHarness.feed(wire, List.of(1));
        assertNotNull(o.error(), what + " was accepted");
        assertEquals(expected, o.error().getMessage());
        assertEquals(List.of(), o.messages());
    }

    @Test
    void decode_oversizeLength_failsOnTheLengthAloneBeforeAnyBody() {
        CodecHarness.Outcome o = CodecHarness.feed(lengthOnly(Limits.MAX_FRAME_LENGTH + 1));
        assertEquals("frame length 1048577 outside 5..1048576", o.error().getMessage());
    }

    @Test
    void decode_lengthPrefixSplitAcrossReads_waitsForAllFourBytes() {
        byte[] wire = MessageArbitraries.encode(List.of(new Stat(1, "main", SEG)));
        CodecHarness.Outcome o = CodecHarness.feed(wire, List.of(1, 1, 1, 1, 1000));
        assertNull(o.error());
        assertEquals(List.of(new Stat(1, "main", SEG)), o.messages());
    }

    @Test
    void decode_limitValues_areAccepted() {
        List<Message> atLimits = List.of(
                new Data(1, 1, new byte[] {0}),
                new Data(1, Limits.MAX_CHUNK, new byte[] {0}),
                new Put(
                        Integer.MAX_VALUE,
                        "x".repeat(Limits.MAX_STRING_BYTES),
                        SEG,
                        Limits.MAX_FILE_SIZE,
                        Compression.NONE),
                new Get(1, "", "", Limits.MAX_WAIT_MILLIS),
                new Hello(0xFFFF, ""));
        CodecHarness.Outcome o = CodecHarness.feed(MessageArbitraries.encode(atLimits));
        assertNull(o.error());
        assertEquals(atLimits, o.messages());
    }
}
