package dev.walferry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.walferry.cli.ReceiverFixture.Result;
import dev.walferry.client.failure.ExitCode;
import dev.walferry.protocol.frame.MessageEncoder;
import dev.walferry.protocol.message.Hello;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Connections without a valid client certificate are refused at the handshake, logged, and write nothing. */
class TlsRefusalTest {

    @TempDir
    Path tmp;

    ReceiverFixture rx;
    Path seg;

    @BeforeEach
    void start() throws Exception {
        rx = new ReceiverFixture(tmp.resolve("rx"));
        seg = SyntheticWal.write(Files.createDirectories(tmp.resolve("pg_wal")), 1, 1, 42, 1);
    }

    @AfterEach
    void stop() throws Exception {
        rx.close();
    }

    @Test
    void push_certificateFromAnotherCa_isRefused() throws Exception {
        Path otherTls = tmp.resolve("other-tls");
        assertEquals(
                0,
                ReceiverFixture.walferry(
                                "tls",
                                "init",
                                "--dir",
                                otherTls.toString(),
                                "--server-name",
                                "127.0.0.1",
                                "--client",
                                "primary")
                        .code());
        // Trust the real receiver's CA, but present a client certificate from the other CA.
        Files.copy(
                rx.tlsDir.resolve("ca.crt"),
                otherTls.resolve("ca.crt"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Result r = ReceiverFixture.walferry(
                "push",
                "--server",
                rx.address(),
                "--archive",
                "main",
                "--tls-dir",
                otherTls.toString(),
                "--identity",
                "primary",
                seg.toString(),
                seg.getFileName().toString());

        assertEquals(ExitCode.TLS_AUTH.code(), r.code(), r.err());
        // TLS 1.3: the refusal arrives as an alert ("TLS with receiver ... failed") or as the connection closing
        assertTrue(
                r.err().contains("TLS with receiver")
                        || r.err().contains("closed the connection during the TLS" + " handshake"),
                r.err());
        assertTrue(
                rx.awaitLog(l -> l.startsWith("TLS handshake from") && l.contains("refused")),
                rx.logLines().toString());
        assertEquals(List.of(), rx.archivedNames());
    }

    @Test
    void push_receiverCertificateFromAnotherCa_isRefusedByClient() throws Exception {
        Path otherTls = tmp.resolve("other-tls");
        assertEquals(
                0,
                ReceiverFixture.walferry(
                                "tls",
                                "init",
                                "--dir",
                                otherTls.toString(),
                                "--server-name",
                                "127.0.0.1",
                                "--client",
                                "primary")
                        .code());
        Result r = ReceiverFixture.walferry(
                "push",
                "--server",
                rx.address(),
                "--archive",
                "main",
                "--tls-dir",
                otherTls.toString(),
                "--identity",
                "primary",
                seg.toString(),
                seg.getFileName().toString());
        assertEquals(ExitCode.TLS_AUTH.code(), r.code(), r.err());
        assertEquals(List.of(), rx.archivedNames());
    }

    @Test
    void connect_withoutClientCertificate_isRefused() throws Exception {
        SSLContext noCert = ((JdkSslContext) SslContextBuilder.forClient()
                        .sslProvider(SslProvider.JDK)
                        .trustManager(rx.tlsDir.resolve("ca.crt").toFile())
                        .build())
                .context();
        assertThrows(IOException.class, () -> {
            try (SSLSocket s = (SSLSocket) noCert.getSocketFactory()
                    .createSocket("127.0.0.1", rx.server.address().getPort())) {
                s.setSoTimeout(10_000);
                s.startHandshake();
                sendHelloAndRead(s.getOutputStream(), s.getInputStream());
            }
        });
        assertTrue(
                rx.awaitLog(l -> l.startsWith("TLS handshake from") && l.contains("refused")),
                rx.logLines().toString());
        assertEquals(List.of(), rx.archivedNames());
    }

    @Test
    void connect_plainTcp_isRefused() throws Exception {
        try (Socket s = new Socket("127.0.0.1", rx.server.address().getPort())) {
            s.setSoTimeout(10_000);
            int first = sendHelloAndRead(s.getOutputStream(), s.getInputStream());
            assertEquals(-1, first, "a plain-TCP peer gets no answer but the close");
        } catch (IOException expectedReset) {
            // the receiver may reset rather than close: refused either way
        }
        assertTrue(
                rx.awaitLog(l -> l.contains("not a TLS connection")),
                rx.logLines().toString());
        assertEquals(List.of(), rx.archivedNames());
    }

    private static int sendHelloAndRead(OutputStream out, InputStream in) throws IOException {
        ByteBuf b = Unpooled.buffer();
        MessageEncoder.encodeFrame(Hello.current("test"), b);
        byte[] bytes = new byte[b.readableBytes()];
        b.readBytes(bytes);
        out.write(bytes);
        out.flush();
        return in.read();
    }
}
