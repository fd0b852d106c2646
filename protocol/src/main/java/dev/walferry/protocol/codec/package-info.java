/**
 * The primitives of the walferry wire protocol (docs/protocol.md), below the messages: field encodings
 * ({@code str}, {@code u64} lengths, {@code sha256}) in {@link dev.walferry.protocol.codec.Wire}, every limit with
 * its reason in {@link dev.walferry.protocol.codec.Limits}, and {@link dev.walferry.protocol.codec.ProtocolException}
 * for input that breaks them. The messages (package {@code message}) are built on these; the framing of messages on a
 * channel is package {@code frame}.
 */
package dev.walferry.protocol.codec;
