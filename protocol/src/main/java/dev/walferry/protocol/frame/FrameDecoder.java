package dev.walferry.protocol.frame;

import dev.walferry.protocol.codec.Limits;
import dev.walferry.protocol.codec.ProtocolException;
import dev.walferry.protocol.message.MessageDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Splits the byte stream into frames and decodes each into a {@code Message}.
 * <pre>
 *   frame = length:u32 type:u8 stream:u32 body     ; big-endian
 *   length counts type, stream and body: MIN_FRAME_LENGTH &lt;= length &lt;= MAX_FRAME_LENGTH
 * </pre>
 * The length is checked before any byte of the frame is buffered beyond it, so a hostile length costs
 * nothing. On the first malformed frame the decoder closes the channel and throws one
 * {@link ProtocolException} (so a handler cannot forget to close); any input that still reaches it is
 * discarded and nothing more is decoded. Stateful: one instance per channel.
 */
public final class FrameDecoder extends ByteToMessageDecoder {

    private boolean failed;

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        try {
            while (in.readableBytes() >= 4) {
                long length = in.getUnsignedInt(in.readerIndex());
                if (length < Limits.MIN_FRAME_LENGTH || length > Limits.MAX_FRAME_LENGTH) {
                    throw new ProtocolException("frame length " + length + " outside " + Limits.MIN_FRAME_LENGTH + ".."
                            + Limits.MAX_FRAME_LENGTH);
                }
                if (in.readableBytes() < 4 + length) {
                    return;
                }
                in.skipBytes(4);
                ByteBuf frame = in.readSlice((int) length);
                out.add(MessageDecoder.decode(frame));
            }
        } catch (ProtocolException e) {
            failed = true;
            in.skipBytes(in.readableBytes());
            ctx.close();
            throw e;
        }
    }
}
