package dev.walferry.protocol.message;

import io.netty.buffer.ByteBuf;

/**
 * One frame's worth of meaning. Each message is an immutable record that encodes its own body; decoding
 * is in {@code MessageDecoder}, which dispatches on {@link MessageType}.
 */
public sealed interface Message
        permits Hello,
                Put,
                Data,
                PutEnd,
                Result,
                Get,
                FileHeader,
                Stat,
                ListRequest,
                ListEntry,
                StatusRequest,
                Item,
                VerifyRequest,
                ShowRequest,
                CleanupRequest {

    MessageType type();

    /** Stream id; 0 for connection-level messages (HELLO). */
    int streamId();

    /** Writes the body (everything after the stream id). */
    void encodeBody(ByteBuf out);
}
