/**
 * One immutable record per wire message, each encoding its own body, all permitted by the sealed
 * {@link dev.walferry.protocol.message.Message}. Bodies (after {@code length type stream}):
 * <pre>
 * HELLO   = magic:u32 version:u16 agent:str            ; stream 0 only; magic 0x57414C46 "WALF"
 * PUT     = archive:str name:str size:u64 compression:u8
 * DATA    = rawLength:u32 bytes                        ; 1 &lt;= rawLength &lt;= MAX_CHUNK, bytes non-empty
 * PUT_END = sha256:32
 * RESULT  = status:u8 size:u64 sha256:32 message:str
 * GET     = archive:str name:str waitMillis:u64        ; waitMillis &lt;= MAX_WAIT_MILLIS
 * FILE    = name:str size:u64 compression:u8 sha256:32
 * STAT    = archive:str name:str
 * LIST    = archive:str from:str to:str
 * ENTRY   = name:str size:u64 sha256:32 storedAtMillis:u64
 *
 * str = len:u16 utf8-bytes (len &lt;= MAX_STRING_BYTES); sizes are u64 in 0..MAX_FILE_SIZE
 * </pre>
 * The discriminators {@link dev.walferry.protocol.message.MessageType},
 * {@link dev.walferry.protocol.message.Status} and {@link dev.walferry.protocol.message.Compression} carry
 * explicit wire values that are never reused; an unknown value is a protocol error naming the number. A frame
 * body must be consumed exactly: trailing bytes are a protocol error too.
 */
package dev.walferry.protocol.message;
