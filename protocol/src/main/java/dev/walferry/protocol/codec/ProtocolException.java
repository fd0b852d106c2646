package dev.walferry.protocol.codec;

import io.netty.handler.codec.DecoderException;

/**
 * A peer broke the wire format: malformed or oversize frame, unknown type, bad handshake, or a frame out of
 * order. The connection that raised it is closed and nothing more is decoded from it.
 */
public final class ProtocolException extends DecoderException {

    public ProtocolException(String message) {
        super(message);
    }
}
