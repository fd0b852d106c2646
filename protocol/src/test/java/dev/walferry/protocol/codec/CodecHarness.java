package dev.walferry.protocol.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.walferry.protocol.frame.FrameDecoder;
import dev.walferry.protocol.frame.MessageEncoder;
import dev.walferry.protocol.message.Message;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * Feeds wire bytes through a {@link FrameDecoder} in an {@link EmbeddedChannel}, in chunks, and records what
 * came out: the decoded messages, the protocol error if any, whether the decoder asked to close the channel,
 * and (asserted) that every input buffer was released.
 */
final class CodecHarness {

    /**
     * What one feeding produced. {@code error} is null when the input raised no protocol error;
     * {@code closeRequested} tells whether the decoder asked to close the channel.
     */
    record Outcome(List<Message> messages, ProtocolException error, boolean closeRequested) {}

    /**
     * Sits at the head of the pipeline and holds back {@code close()}, counting it instead: a real socket may
     * still deliver bytes that were read before the close took effect, and those must reach the failed decoder
     * and be discarded.
     */
    static final class CloseHold extends ChannelOutboundHandlerAdapter {
        int closes;
        boolean letThrough;

        @Override
        public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
            if (letThrough) {
                ctx.close(promise);
                return;
            }
            closes++;
            promise.setSuccess();
        }
    }

    private CodecHarness() {}

    static EmbeddedChannel channel() {
        return new EmbeddedChannel(new FrameDecoder(), MessageEncoder.INSTANCE);
    }

    /** Feeds {@code wire} in one piece. */
    static Outcome feed(byte[] wire) {
        return feed(wire, List.of(Math.max(1, wire.length)));
    }

    /**
     * Feeds {@code wire} in chunks whose sizes are taken cyclically from {@code chunkSizes}, all of them even after
     * a protocol error (see {@link CloseHold}). Any exception other than {@link ProtocolException} propagates and
     * fails the caller; so does a second protocol error. Asserts that every input buffer has been released.
     */
    static Outcome feed(byte[] wire, List<Integer> chunkSizes) {
        CloseHold hold = new CloseHold();
        EmbeddedChannel ch = new EmbeddedChannel(hold, new FrameDecoder());
        List<ByteBuf> inputs = new ArrayList<>();
        List<Message> messages = new ArrayList<>();
        ProtocolException error = null;
        boolean errorChunkDone = false;
        int pos = 0;
        for (int i = 0; pos < wire.length; i++) {
            int n = Math.min(wire.length - pos, chunkSizes.get(i % chunkSizes.size()));
            ByteBuf chunk = Unpooled.copiedBuffer(wire, pos, n);
            inputs.add(chunk);
            pos += n;
            int before = messages.size();
            try {
                ch.writeInbound(chunk);
            } catch (ProtocolException e) {
                assertNull(error, "second protocol error after " + error);
                error = e;
            }
            drain(ch, messages);
            if (error != null && hold.closes == 0) {
                throw new AssertionError("protocol error without a close request", error);
            }
            if (error != null && messages.size() > before && errorChunkDone) {
                throw new AssertionError("decoded " + messages.subList(before, messages.size()) + " after " + error);
            }
            errorChunkDone = error != null;
        }
        boolean closeRequested = hold.closes > 0;
        hold.letThrough = true;
        ch.finish();
        drain(ch, messages);
        ch.releaseOutbound();
        for (ByteBuf in : inputs) {
            assertEquals(0, in.refCnt(), "input buffer not released");
        }
        return new Outcome(messages, error, closeRequested);
    }

    /** Encodes a message through the channel's outbound pipeline and returns the frame bytes. */
    static byte[] encodeThroughPipeline(EmbeddedChannel ch, Message m) {
        ch.writeOutbound(m);
        ByteBuf out = ch.readOutbound();
        try {
            byte[] b = new byte[out.readableBytes()];
            out.readBytes(b);
            return b;
        } finally {
            out.release();
        }
    }

    private static void drain(EmbeddedChannel ch, List<Message> into) {
        for (Object o; (o = ch.readInbound()) != null; ) {
            into.add((Message) o);
        }
    }
}
