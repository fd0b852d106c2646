package dev.walferry.it.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.Zstd;
import dev.walferry.client.transport.ClientTlsContext;
import dev.walferry.pgctl.Await;
import dev.walferry.protocol.codec.Limits;
import dev.walferry.protocol.frame.MessageEncoder;
import dev.walferry.protocol.message.Compression;
import dev.walferry.protocol.message.Data;
import dev.walferry.protocol.message.Hello;
import dev.walferry.protocol.message.Message;
import dev.walferry.protocol.message.Put;
import dev.walferry.protocol.message.PutEnd;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 6, point 6, end to end: a client with a valid certificate that writes hostile bytes after the TLS
 * handshake. The receiver process answers each with a protocol error in its log and closes the connection; nothing
 * is written. (The decoder and handler are fuzzed in archive-server's {@code HandlerFuzzProperties}.)
 */
class HostileWireFaultTest {

    private static final String SEG = "000000010000000000000001";

    @TempDir
    static Path tmp;

    static FaultRig rig;
    static int trials;

    @BeforeAll
    static void start() {
        rig = FaultRig.start(tmp.resolve("rig"), List.of(), "main=" + tmp.resolve("archive"));
    }

    @AfterAll
    static void stop() {
        rig.close();
        FaultLedger.record("hostile input over TLS", trials, 0, 0, 0, 0);
    }

    static List<Arguments> hostile() {
        byte[] oversize = ByteBuffer.allocate(9)
                .putInt(Limits.MAX_FRAME_LENGTH + 1)
                .put((byte) 3)
                .putInt(1)
                .array();
        byte[] badMagic = frames(Hello.current("x"));
        badMagic[9] ^= 0x20;
        Put put = new Put(1, "main", SEG, Segments.SIZE, Compression.ZSTD);
        return List.of(
                Arguments.of("oversize frame", cat(hello(), oversize)),
                Arguments.of("wrong magic", badMagic),
                Arguments.of("wrong version", frames(new Hello(Hello.VERSION + 1, "x"))),
                Arguments.of("DATA before PUT", cat(hello(), frames(new Data(1, 3, new byte[3])))),
                Arguments.of("PUT_END before PUT", cat(hello(), frames(new PutEnd(1, new byte[32])))),
                Arguments.of("zstd bomb", cat(hello(), frames(put, new Data(1, 1000, Zstd.compress(new byte[4000]))))),
                Arguments.of(
                        "zstd beyond the chunk limit",
                        cat(
                                hello(),
                                frames(
                                        put,
                                        new Data(
                                                1,
                                                Limits.MAX_CHUNK,
                                                Zstd.compress(new byte[8 * Limits.MAX_CHUNK], 19))))),
                Arguments.of(
                        "size different from declared",
                        cat(
                                hello(),
                                frames(
                                        new Put(1, "main", SEG, 10, Compression.NONE),
                                        new Data(1, 4, new byte[4]),
                                        new PutEnd(1, new byte[32])))),
                Arguments.of("name with /", cat(hello(), frames(new Put(1, "main", "a/" + SEG, 3, Compression.NONE)))),
                Arguments.of("name with ..", cat(hello(), frames(new Put(1, "main", "..", 3, Compression.NONE)))),
                Arguments.of(
                        "name with NUL", cat(hello(), frames(new Put(1, "main", SEG + "\0", 3, Compression.NONE)))),
                Arguments.of(
                        "name over 64 characters",
                        cat(hello(), frames(new Put(1, "main", "A".repeat(65), 3, Compression.NONE)))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostile")
    void hostileBytesAfterHandshake_areAProtocolError_andCloseTheConnection(String what, byte[] bytes)
            throws Exception {
        int before = protocolErrors();
        try (SSLSocket s = (SSLSocket) ClientTlsContext.load(rig.install.tlsDir(), "primary")
                .getSocketFactory()
                .createSocket("127.0.0.1", rig.receiver().port())) {
            s.setSoTimeout(20_000);
            s.startHandshake();
            s.getOutputStream().write(bytes);
            s.getOutputStream().flush();
            drainUntilClosed(s.getInputStream());
        }
        trials++;
        Await.until("a protocol error logged for " + what, Duration.ofSeconds(10), () -> protocolErrors() > before);
        Path archive = tmp.resolve("archive");
        assertEquals(List.of(), ArchiveAudit.scan(archive, Map.of()).corrupt(), what);
        assertEquals(List.of(), ArchiveAudit.scan(archive, Map.of()).partial(), what);
        Await.until("no temp file", Duration.ofSeconds(10), () -> ArchiveAudit.incoming(archive)
                .isEmpty());
    }

    private static int protocolErrors() {
        return (int) rig.logs()
                .lines()
                .filter(l -> l.contains("protocol error from"))
                .count();
    }

    /** Reads what the receiver sends (at most a HELLO) until it closes the connection. */
    private static void drainUntilClosed(InputStream in) {
        try {
            byte[] buf = new byte[4096];
            long total = 0;
            int n;
            while ((n = in.read(buf)) >= 0) {
                total += n;
                assertTrue(total < 4096, "the receiver keeps answering a hostile peer");
            }
        } catch (IOException reset) {
            // closed with a reset: closed all the same
        }
    }

    private static byte[] hello() {
        return frames(Hello.current("hostile"));
    }

    private static byte[] frames(Message... ms) {
        ByteBuf b = Unpooled.buffer();
        for (Message m : ms) {
            MessageEncoder.encodeFrame(m, b);
        }
        byte[] out = new byte[b.readableBytes()];
        b.readBytes(out);
        return out;
    }

    private static byte[] cat(byte[] a, byte[] b) {
        return ByteBuffer.allocate(a.length + b.length).put(a).put(b).array();
    }
}
