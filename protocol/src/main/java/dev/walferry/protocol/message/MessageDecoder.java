package dev.walferry.protocol.message;

import dev.walferry.protocol.codec.ProtocolException;
import dev.walferry.protocol.codec.Wire;
import io.netty.buffer.ByteBuf;

/** Decodes one frame body (after the length) into its message. */
public final class MessageDecoder {

    private MessageDecoder() {}

    /**
     * @param frame type byte, stream id and body, exactly one frame
     * @throws ProtocolException on any malformation, including trailing bytes
     */
    public static Message decode(ByteBuf frame) {
        MessageType type = MessageType.of(Wire.readUnsignedByte(frame, "type"));
        int streamId = Wire.readInt(frame, "stream id");
        if (streamId < 0) {
            throw new ProtocolException("negative stream id " + streamId);
        }
        if (streamId == 0 && type != MessageType.HELLO) {
            throw new ProtocolException(type + " on stream 0, which is reserved for HELLO");
        }
        Message m =
                switch (type) {
                    case HELLO -> Hello.decode(streamId, frame);
                    case PUT -> Put.decode(streamId, frame);
                    case DATA -> Data.decode(streamId, frame);
                    case PUT_END -> PutEnd.decode(streamId, frame);
                    case RESULT -> Result.decode(streamId, frame);
                    case GET -> Get.decode(streamId, frame);
                    case FILE -> FileHeader.decode(streamId, frame);
                    case STAT -> Stat.decode(streamId, frame);
                    case LIST -> ListRequest.decode(streamId, frame);
                    case ENTRY -> ListEntry.decode(streamId, frame);
                    case STATUS -> StatusRequest.decode(streamId, frame);
                    case ITEM -> Item.decode(streamId, frame);
                    case VERIFY -> VerifyRequest.decode(streamId, frame);
                    case SHOW -> ShowRequest.decode(streamId, frame);
                    case CLEANUP -> CleanupRequest.decode(streamId, frame);
                };
        Wire.expectEnd(frame, type.name());
        return m;
    }
}
