package dev.walferry.protocol.frame;

import dev.walferry.protocol.codec.Limits;
import dev.walferry.protocol.message.Message;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/** Writes messages as frames (see {@link FrameDecoder} for the layout). Stateless and shared. */
@Sharable
public final class MessageEncoder extends MessageToByteEncoder<Message> {

    public static final MessageEncoder INSTANCE = new MessageEncoder();

    private MessageEncoder() {
        super(Message.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Message msg, ByteBuf out) {
        encodeFrame(msg, out);
    }

    /** Encodes one frame into {@code out}; also used by tests to build wire bytes. */
    public static void encodeFrame(Message msg, ByteBuf out) {
        int start = out.writerIndex();
        out.writeInt(0);
        out.writeByte(msg.type().value());
        out.writeInt(msg.streamId());
        msg.encodeBody(out);
        int length = out.writerIndex() - start - 4;
        if (length > Limits.MAX_FRAME_LENGTH) {
            out.writerIndex(start);
            throw new IllegalArgumentException(
                    msg.type() + " frame of " + length + " bytes exceeds " + Limits.MAX_FRAME_LENGTH);
        }
        out.setInt(start, length);
    }
}
