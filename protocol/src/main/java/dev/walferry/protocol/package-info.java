/**
 * The walferry wire protocol, WAL file names and WAL page headers, shared by client and receiver.
 *
 * <h2>Transport</h2>
 * TLS 1.3 (1.2 at least) with a client certificate on both sides; the pipeline is
 * {@code SslHandler → FrameDecoder → handler}, with {@code MessageEncoder} outbound.
 *
 * <h2>Grammar</h2>
 * All integers are big-endian. {@code u64} lengths are signed 64-bit values that must lie in
 * {@code 0..max}.
 * <pre>
 * connection = client-hello server-hello *frame
 * frame      = length:u32 type:u8 stream:u32 body      ; length = 5 + |body|, 5 &lt;= length &lt;= 1 MiB
 * stream     = u32 in 0..2^31-1                      ; 0 = connection (HELLO only), &gt;= 1 = one request
 * str        = len:u16 utf8-bytes                    ; len &lt;= 1024
 * sha256     = 32 bytes
 *
 * HELLO  (1)  stream 0   magic:u32 ("WALF" = 0x57414C46) version:u16 agent:str
 * PUT    (2)  client     archive:str name:str size:u64 (&lt;= 1 GiB) compression:u8
 * DATA   (3)  both       rawLength:u32 (1..256 KiB) bytes (rest of frame, at least 1)
 * PUT_END(4)  client     sha256                       ; of the uncompressed content
 * RESULT (5)  receiver   status:u8 size:u64 (&lt;= 1 GiB) sha256 message:str
 * GET    (6)  client     archive:str name:str waitMillis:u64 (&lt;= 1 day)
 * FILE   (7)  receiver   name:str size:u64 (&lt;= 1 GiB) compression:u8 sha256
 * STAT   (8)  client     archive:str name:str
 * LIST   (9)  client     archive:str from:str to:str  ; empty bound = open
 * ENTRY  (10) receiver   name:str size:u64 (&lt;= 1 GiB) sha256 storedAtMillis:u64
 *
 * put-stream  = PUT *DATA PUT_END RESULT
 * get-stream  = GET ( FILE *DATA RESULT(OK) | RESULT )
 * stat-stream = STAT RESULT
 * list-stream = LIST *ENTRY RESULT
 * </pre>
 * Compression {@code NONE(0)}: a DATA chunk carries {@code rawLength} raw bytes. {@code ZSTD(1)}: each DATA chunk
 * is one complete zstd frame whose decompressed size must equal {@code rawLength}.
 *
 * <p>Any protocol error (a frame outside the grammar or a limit) closes the connection; nothing after it is
 * decoded. The limits and their reasons are in {@link dev.walferry.protocol.codec.Limits}; the full description,
 * including status codes, is {@code docs/protocol.md}.
 *
 * @see dev.walferry.protocol.codec
 * @see dev.walferry.protocol.message
 * @see dev.walferry.protocol.wal.WalFileName
 */
package dev.walferry.protocol;
