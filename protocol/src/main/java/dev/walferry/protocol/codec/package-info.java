/**
 * Framing of the walferry wire protocol.
 * <pre>
 * frame  = length:u32 type:u8 stream:u32 body    ; big-endian
 * length = 1 + 4 + |body|                         ; MIN_FRAME_LENGTH (5) &lt;= length &lt;= MAX_FRAME_LENGTH (1 MiB)
 * </pre>
 * {@link dev.walferry.protocol.codec.FrameDecoder} (stateful, one per channel) checks the length from its four
 * bytes alone, so an oversize frame is refused before any of it is buffered; it decodes each complete frame with
 * {@link dev.walferry.protocol.message.MessageDecoder}. On the first malformed frame it closes the channel and
 * throws one {@link dev.walferry.protocol.codec.ProtocolException}; everything after is discarded.
 * {@link dev.walferry.protocol.codec.MessageEncoder} (stateless, shared) writes frames and refuses to build one
 * above the limit. Field primitives ({@code str}, {@code u64} lengths, {@code sha256}) are in
 * {@link dev.walferry.protocol.codec.Wire}; every limit, with its reason, in
 * {@link dev.walferry.protocol.codec.Limits}.
 */
package dev.walferry.protocol.codec;
