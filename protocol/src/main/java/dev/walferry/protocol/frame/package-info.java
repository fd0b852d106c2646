/**
 * Framing of the walferry wire protocol on a Netty channel (docs/protocol.md).
 * <pre>
 * frame  = length:u32 type:u8 stream:u32 body    ; big-endian
 * length = 1 + 4 + |body|                         ; MIN_FRAME_LENGTH (5) &lt;= length &lt;= MAX_FRAME_LENGTH (1 MiB)
 * </pre>
 * {@link dev.walferry.protocol.frame.FrameDecoder} (stateful, one per channel) checks the length from its four
 * bytes alone, so an oversize frame is refused before any of it is buffered; it decodes each complete frame with
 * the message package's decoder. On the first malformed frame it closes the channel and throws one protocol exception;
 * everything after is discarded. {@link dev.walferry.protocol.frame.MessageEncoder} (stateless, shared) writes frames
 * and refuses to build one above the limit.
 */
package dev.walferry.protocol.frame;
