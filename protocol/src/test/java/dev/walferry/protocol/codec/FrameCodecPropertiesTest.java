package dev.walferry.protocol.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.walferry.protocol.MessageArbitraries;
import dev.walferry.protocol.frame.FrameDecoder;
import dev.walferry.protocol.message.Message;
import dev.walferry.protocol.message.MessageDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import net.jqwik.api.statistics.Statistics;

/**
 * Properties of the frame codec: round trips, split invariance, and "arbitrary input only raises
 * {@link ProtocolException}" checked against a reference model of the framing.
 */
class FrameCodecPropertiesTest {

    @Provide
    Arbitrary<Message> messages() {
        return MessageArbitraries.messages();
    }

    @Provide
    Arbitrary<List<Message>> sequences() {
        return MessageArbitraries.messageSequences();
    }

    @Provide
    Arbitrary<List<Integer>> splits() {
        return MessageArbitraries.splits();
    }

    @Provide
    Arbitrary<byte[]> hostile() {
        return MessageArbitraries.hostileInputs();
    }

    @Property
    void roundTrip_anyMessage_decodesEqualMessage(@ForAll("messages") Message m) {
        EmbeddedChannel ch = CodecHarness.channel();
        ByteBuf wire = Unpooled.wrappedBuffer(CodecHarness.encodeThroughPipeline(ch, m));
        ch.writeInbound(wire);
        assertEquals(m, ch.readInbound());
        assertNull(ch.readInbound());
        ch.finishAndReleaseAll();
        assertEquals(0, wire.refCnt());
    }

    @Property
    void decode_sequenceWithRandomSplits_yieldsSameSequence(
            @ForAll("sequences") List<Message> messages, @ForAll("splits") List<Integer> splits) {
        CodecHarness.Outcome o = CodecHarness.feed(MessageArbitraries.encode(messages), splits);
        assertNull(o.error());
        assertEquals(messages, o.messages());
    }

    @Property
    void decode_arbitraryBytes_onlyMessagesOrProtocolException(
            @ForAll("hostile") byte[] wire, @ForAll("splits") List<Integer> splits) {
        checkAgainstModel(wire, splits);
    }

    @Property(tries = 100_000)
    @Tag("slow")
    void decode_arbitraryBytesManyTries_onlyMessagesOrProtocolException(
            @ForAll("hostile") byte[] wire, @ForAll("splits") List<Integer> splits) {
        checkAgainstModel(wire, splits);
    }

    @Property(tries = 100_000)
    @Tag("slow")
    void roundTrip_anyMessageManyTries_decodesEqualMessage(@ForAll("messages") Message m) {
        roundTrip_anyMessage_decodesEqualMessage(m);
    }

    /**
     * Feeding {@code wire} in {@code splits} chunks terminates (the test returns), throws nothing but a
     * {@link ProtocolException}, releases every input, and yields exactly what the reference model yields for the
     * whole input: the frames before the first bad one, then that one's error (with a close request).
     */
    private static void checkAgainstModel(byte[] wire, List<Integer> splits) {
        Model expected = Model.decode(wire);
        CodecHarness.Outcome o = CodecHarness.feed(wire, splits);
        assertEquals(expected.messages, o.messages());
        assertEquals(expected.error, o.error() == null ? null : o.error().getMessage());
        assertEquals(expected.error != null, o.closeRequested());
        Statistics.label("outcome")
                .collect(
                        expected.error != null
                                ? "protocol error"
                                : expected.messages.isEmpty() ? "nothing decoded" : "decoded");
    }

    /**
     * The framing rule written out independently of {@link FrameDecoder}: walk length-prefixed frames over the
     * whole input; a length outside the limits or a body {@link MessageDecoder} refuses ends decoding with an
     * error; an incomplete last frame is just pending.
     */
    private static final class Model {
        final List<Message> messages = new ArrayList<>();
        String error;

        static Model decode(byte[] wire) {
            Model m = new Model();
            ByteBuf in = Unpooled.wrappedBuffer(wire);
            try {
                while (in.readableBytes() >= 4) {
                    long length = in.getUnsignedInt(in.readerIndex());
                    if (length < Limits.MIN_FRAME_LENGTH || length > Limits.MAX_FRAME_LENGTH) {
                        m.error = "frame length " + length + " outside 5..1048576";
                        return m;
                    }
                    if (in.readableBytes() - 4 < length) {
                        return m;
                    }
                    in.skipBytes(4);
                    try {
                        m.messages.add(MessageDecoder.decode(in.readSlice((int) length)));
                    } catch (ProtocolException e) {
                        m.error = e.getMessage();
                        return m;
                    }
                }
                return m;
            } finally {
                in.release();
            }
        }
    }

    @Property(tries = 200)
    void model_validSequence_decodesWithoutError(@ForAll("sequences") List<Message> messages) {
        Model m = Model.decode(MessageArbitraries.encode(messages));
        assertNull(m.error);
        assertTrue(m.messages.equals(messages));
    }
}
