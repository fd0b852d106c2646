package dev.walferry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.walferry.cli.ReceiverFixture.Result;
import dev.walferry.client.failure.ExitCode;
import dev.walferry.protocol.frame.MessageEncoder;
import dev.walferry.protocol.message.Compression;
import dev.walferry.protocol.message.Data;
import dev.walferry.protocol.message.FileHeader;
import dev.walferry.protocol.message.Hello;
import dev.walferry.protocol.message.Message;
import dev.walferry.protocol.tls.TlsContexts;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.ssl.JdkSslContext;
import java.io.DataInputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A receiver that dies in the middle of sending a file leaves no %p and no temp file behind. */
class RestoreInterruptedTest {

    @TempDir
    Path tmp;

    @Test
    void restore_receiverDiesMidTransfer_leavesNoPartialFile() throws Exception {
        Path tls = tmp.resolve("tls");
        assertEquals(
                0,
                ReceiverFixture.walferry(
                                "tls",
                                "init",
                                "--dir",
                                tls.toString(),
                                "--server-name",
                                "127.0.0.1",
                                "--client",
                                "primary")
                        .code());
        var ctx = ((JdkSslContext) TlsContexts.server(tls)).context();
        try (SSLServerSocket server =
                (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0)) {
            server.setNeedClientAuth(true);
            Thread dying = new Thread(() -> serveHalfAFile(server), "dying-receiver");
            dying.start();
            Path pgwal = Files.createDirectories(tmp.resolve("pg_wal"));
            Path dest = pgwal.resolve("RECOVERYXLOG");
            Result r = ReceiverFixture.walferry(
                    "restore",
                    "--server",
                    "127.0.0.1:" + server.getLocalPort(),
                    "--archive",
                    "main",
                    "--tls-dir",
                    tls.toString(),
                    "--identity",
                    "primary",
                    "--data-dir",
                    tmp.toString(),
                    "000000010000000000000001",
                    dest.toString());
            dying.join(10_000);

            assertNotEquals(0, r.code(), r.err());
            assertNotEquals(ExitCode.NOT_FOUND.code(), r.code(), "a cut transfer is not 'not found'");
            assertTrue(r.err().contains("closed the connection"), r.err());
            assertFalse(Files.exists(dest), "no partial %p");
            try (var files = Files.list(pgwal)) {
                assertEquals(0, files.count(), "no temp file left");
            }
        }
    }

    private static void serveHalfAFile(SSLServerSocket server) {
        try (SSLSocket s = (SSLSocket) server.accept()) {
            DataInputStream in = new DataInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            readFrame(in);
            write(out, Hello.current("dying"));
            readFrame(in);
            write(out, new FileHeader(1, "000000010000000000000001", 1 << 20, Compression.NONE, new byte[32]));
            write(out, new Data(1, 1000, new byte[1000]));
            out.flush();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void readFrame(DataInputStream in) throws java.io.IOException {
        int len = in.readInt();
        in.readFully(new byte[len]);
    }

    private static void write(OutputStream out, Message m) throws java.io.IOException {
        ByteBuf b = Unpooled.buffer();
        MessageEncoder.encodeFrame(m, b);
        byte[] bytes = new byte[b.readableBytes()];
        b.readBytes(bytes);
        out.write(bytes);
    }
}
