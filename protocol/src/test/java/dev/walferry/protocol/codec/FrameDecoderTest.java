package dev.walferry.protocol.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.walferry.protocol.MessageArbitraries;
import dev.walferry.protocol.frame.FrameDecoder;
import dev.walferry.protocol.frame.MessageEncoder;
import dev.walferry.protocol.message.CleanupRequest;
import dev.walferry.protocol.message.Compression;
import dev.walferry.protocol.message.Data;
import dev.walferry.protocol.message.FileHeader;
import dev.walferry.protocol.message.Get;
import dev.walferry.protocol.message.Hello;
import dev.walferry.protocol.message.Item;
import dev.walferry.protocol.message.ListEntry;
import dev.walferry.protocol.message.ListRequest;
import dev.walferry.protocol.message.Message;
import dev.walferry.protocol.message.MessageType;
import dev.walferry.protocol.message.Put;
import dev.walferry.protocol.message.PutEnd;
import dev.walferry.protocol.message.Result;
import dev.walferry.protocol.message.ShowRequest;
import dev.walferry.protocol.message.Stat;
import dev.walferry.protocol.message.Status;
import dev.walferry.protocol.message.StatusRequest;
import dev.walferry.protocol.message.VerifyRequest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.EncoderException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Framing, round trips, fragmentation, failure handling and buffer release of the frame codec. */
class FrameDecoderTest {

    private static byte[] sha(int seed) {
        byte[] b = new byte[Limits.SHA256_BYTES];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** One example of every message type. */
    static Stream<Message> oneOfEachType() {
        return Stream.of(
                Hello.current("walferry-test/0.1"),
                new Put(1, "main", "000000010000000000000001", 16L << 20, Compression.ZSTD),
                new Data(1, Limits.MAX_CHUNK, new byte[] {1, 2, 3}),
                new PutEnd(1, sha(1)),
                new Result(1, Status.STORED, 16L << 20, sha(2), ""),
                new Get(3, "main", "00000002.history", Limits.MAX_WAIT_MILLIS),
                new FileHeader(3, "00000002.history", 42, Compression.NONE, sha(3)),
                new Stat(5, "main", "000000010000000000000001.partial"),
                new ListRequest(7, "main", "000000010000000000000001", ""),
                new ListEntry(7, "000000010000000000000001", 16L << 20, sha(4), 1_700_000_000_000L),
                new StatusRequest(9, "main"),
                new Item(9, "segment_size", "16777216"),
                new VerifyRequest(11, "main", 4),
                new ShowRequest(13, "main", "000000010000000000000001"),
                new CleanupRequest(15, "main", "000000010000000000000010", 0));
    }

    @Test
    void oneOfEachType_coversEveryMessageType() {
        Set<MessageType> covered = oneOfEachType().map(Message::type).collect(Collectors.toSet());
        assertEquals(EnumSet.allOf(MessageType.class), covered);
    }

    @ParameterizedTest
    @MethodSource("oneOfEachType")
    void roundTrip_eachMessageType_decodesEqualMessage(Message m) {
        EmbeddedChannel ch = CodecHarness.channel();
        ByteBuf wire = Unpooled.wrappedBuffer(CodecHarness.encodeThroughPipeline(ch, m));
        ch.writeInbound(wire);
        assertEquals(m, ch.readInbound());
        assertNull(ch.readInbound());
        assertFalse(ch.finishAndReleaseAll());
        assertEquals(0, wire.refCnt());
    }

    @ParameterizedTest
    @MethodSource("oneOfEachType")
    void encode_eachMessageType_writesLengthTypeAndStreamId(Message m) {
        byte[] wire = CodecHarness.encodeThroughPipeline(CodecHarness.channel(), m);
        ByteBuf b = Unpooled.wrappedBuffer(wire);
        assertEquals(wire.length - 4, b.readInt());
        assertEquals(m.type().value(), b.readUnsignedByte());
        assertEquals(m.streamId(), b.readInt());
    }

    @Test
    void encode_hello_writesMagicVersionAndAgent() {
        byte[] wire = MessageArbitraries.encode(List.of(Hello.current("a")));
        byte[] expected = {0, 0, 0, 14, 1, 0, 0, 0, 0, 'W', 'A', 'L', 'F', 0, 1, 0, 1, 'a'};
        assertArrayEquals(expected, wire);
    }

    @Test
    void decode_byteByByte_yieldsSameMessages() {
        List<Message> all = oneOfEachType().toList();
        CodecHarness.Outcome o = CodecHarness.feed(MessageArbitraries.encode(all), List.of(1));
        assertNull(o.error());
        assertEquals(all, o.messages());
    }

    @Test
    void decode_randomSplits_yieldSameMessages() {
        List<Message> all = oneOfEachType().toList();
        byte[] wire = MessageArbitraries.encode(all);
        Random random = new Random(42);
        for (int run = 0; run < 200; run++) {
            List<Integer> sizes = random.ints(16, 1, 64).boxed().toList();
            CodecHarness.Outcome o = CodecHarness.feed(wire, sizes);
            assertNull(o.error(), "splits " + sizes);
            assertEquals(all, o.messages(), "splits " + sizes);
        }
    }

    @Test
    void decode_manyFramesInOneBuffer_yieldsAllInOrder() {
        List<Message> all = oneOfEachType().toList();
        CodecHarness.Outcome o = CodecHarness.feed(MessageArbitraries.encode(all));
        assertEquals(all, o.messages());
        assertFalse(o.closeRequested());
    }

    @Test
    void decode_frameOfMaxLength_isAccepted() {
        byte[] payload = new byte[Limits.MAX_FRAME_LENGTH - 5 - 4];
        Arrays.fill(payload, (byte) 7);
        Data big = new Data(9, Limits.MAX_CHUNK, payload);
        byte[] wire = MessageArbitraries.encode(List.of(big));
        assertEquals(4 + Limits.MAX_FRAME_LENGTH, wire.length);
        CodecHarness.Outcome o = CodecHarness.feed(wire, List.of(65_536));
        assertNull(o.error());
        assertEquals(List.of(big), o.messages());
    }

    @Test
    void decode_partialFrame_decodesNothingUntilComplete() {
        byte[] wire = MessageArbitraries.encode(List.of(new Stat(1, "main", "00000001.history")));
        EmbeddedChannel ch = CodecHarness.channel();
        ByteBuf head = Unpooled.copiedBuffer(wire, 0, wire.length - 1);
        ByteBuf last = Unpooled.copiedBuffer(wire, wire.length - 1, 1);
        assertFalse(ch.writeInbound(head));
        assertTrue(ch.writeInbound(last));
        assertInstanceOf(Stat.class, ch.readInbound());
        assertFalse(ch.finishAndReleaseAll());
        assertEquals(0, head.refCnt());
        assertEquals(0, last.refCnt());
    }

    @Test
    void channelClosed_midFrame_releasesBufferedBytes() {
        byte[] wire = MessageArbitraries.encode(List.of(new Stat(1, "main", "00000001.history")));
        EmbeddedChannel ch = CodecHarness.channel();
        ByteBuf head = Unpooled.copiedBuffer(wire, 0, 7);
        ch.writeInbound(head);
        assertFalse(ch.finishAndReleaseAll());
        assertEquals(0, head.refCnt());
    }

    @Test
    void decode_badFrame_closesChannelAndThrows() {
        EmbeddedChannel ch = CodecHarness.channel();
        ByteBuf bad = Unpooled.copiedBuffer(RawFrame.of(42, 1).build());
        ProtocolException e = assertThrows(ProtocolException.class, () -> ch.writeInbound(bad));
        assertEquals("unknown message type 42", e.getMessage());
        assertFalse(ch.isOpen());
        assertEquals(0, bad.refCnt());
        assertNull(ch.readInbound());
        ch.finishAndReleaseAll();
    }

    @Test
    void decode_badFrameThenValidFramesInSameBuffer_decodesNothingAfterFailure() {
        Stat valid = new Stat(1, "main", "00000001.history");
        byte[] wire = concat(RawFrame.of(42, 1).build(), MessageArbitraries.encode(List.of(valid, valid)));
        CodecHarness.Outcome o = CodecHarness.feed(wire);
        assertEquals("unknown message type 42", o.error().getMessage());
        assertEquals(List.of(), o.messages());
        assertTrue(o.closeRequested());
    }

    @Test
    void decode_validFrameThenBadFrame_deliversValidOneThenFails() {
        Stat valid = new Stat(1, "main", "00000001.history");
        byte[] wire = concat(
                MessageArbitraries.encode(List.of(valid)),
                RawFrame.of(42, 1).build(),
                MessageArbitraries.encode(List.of(valid)));
        CodecHarness.Outcome o = CodecHarness.feed(wire);
        assertEquals("unknown message type 42", o.error().getMessage());
        assertEquals(List.of(valid), o.messages());
    }

    @Test
    void decode_inputAfterFailure_isDiscardedAndReleased() {
        Stat valid = new Stat(1, "main", "00000001.history");
        byte[] bad =
                RawFrame.of(MessageType.STAT.value(), 0).str("main").str("x").build();
        byte[] wire = concat(bad, MessageArbitraries.encode(List.of(valid, valid, valid)));
        // bad frame in the first chunk, then valid frames arriving in later chunks
        CodecHarness.Outcome o = CodecHarness.feed(wire, List.of(bad.length, 3, 100));
        assertEquals("STAT on stream 0, which is reserved for HELLO", o.error().getMessage());
        assertEquals(List.of(), o.messages());
        assertTrue(o.closeRequested());
    }

    @Test
    void decoder_afterFailure_discardsInputArrivingBeforeCloseCompletes() {
        CodecHarness.CloseHold hold = new CodecHarness.CloseHold();
        EmbeddedChannel ch = new EmbeddedChannel(hold, new FrameDecoder());
        ByteBuf bad = Unpooled.copiedBuffer(RawFrame.of(0, 1).build());
        ProtocolException e = assertThrows(ProtocolException.class, () -> ch.writeInbound(bad));
        assertEquals("unknown message type 0", e.getMessage());
        assertEquals(1, hold.closes);

        ByteBuf valid = Unpooled.copiedBuffer(MessageArbitraries.encode(List.of(new Stat(1, "a", "b"))));
        assertFalse(ch.writeInbound(valid));
        assertNull(ch.readInbound());
        assertEquals(0, bad.refCnt());
        assertEquals(0, valid.refCnt());
        hold.letThrough = true;
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void encode_stringOverLimit_isRefusedBeforeWriting() {
        EmbeddedChannel ch = CodecHarness.channel();
        Stat tooLong = new Stat(1, "x".repeat(Limits.MAX_STRING_BYTES + 1), "n");
        EncoderException e = assertThrows(EncoderException.class, () -> ch.writeOutbound(tooLong));
        assertEquals("string field longer than 1024 bytes", e.getCause().getMessage());
        assertNull(ch.readOutbound());
        ch.finishAndReleaseAll();
    }

    @Test
    void encodeFrame_overMaxFrameLength_isRefusedAndLeavesBufferUnchanged() {
        ByteBuf out = Unpooled.buffer();
        out.writeByte(99);
        Data tooBig = new Data(1, Limits.MAX_CHUNK, new byte[Limits.MAX_FRAME_LENGTH]);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> MessageEncoder.encodeFrame(tooBig, out));
        assertEquals("DATA frame of 1048585 bytes exceeds 1048576", e.getMessage());
        assertEquals(1, out.writerIndex());
        out.release();
    }

    @Test
    void encode_shaOfWrongLength_isRefused() {
        ByteBuf out = Unpooled.buffer();
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> MessageEncoder.encodeFrame(new PutEnd(1, new byte[31]), out));
        assertEquals("SHA-256 must be 32 bytes", e.getMessage());
        out.release();
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
