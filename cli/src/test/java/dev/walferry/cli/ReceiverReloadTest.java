package dev.walferry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.walferry.cli.ReceiverFixture.Result;
import dev.walferry.client.failure.ExitCode;
import dev.walferry.client.failure.WalferryException;
import dev.walferry.client.transport.ClientTlsContext;
import dev.walferry.client.transport.ReceiverConnection;
import dev.walferry.protocol.ReceiverAddress;
import dev.walferry.protocol.message.Compression;
import dev.walferry.protocol.message.Data;
import dev.walferry.protocol.message.Message;
import dev.walferry.protocol.message.Put;
import dev.walferry.protocol.message.PutEnd;
import dev.walferry.protocol.message.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reload (what SIGHUP does, called directly): allowed identities and TLS files are re-read, transfers in flight go
 * on, a bad configuration leaves the running one in place. The signal itself: SighupReloadProcessTest.
 */
class ReceiverReloadTest {

    static final long SYSID = 7300000000000000001L;

    @TempDir
    Path tmp;

    ServeFixture rx;
    Path wal;

    @BeforeEach
    void start() throws Exception {
        rx = new ServeFixture(tmp.resolve("rx"));
        wal = Files.createDirectories(tmp.resolve("pg_wal"));
    }

    @AfterEach
    void stop() {
        rx.close();
    }

    @Test
    void reload_newAllowEntry_letsThatIdentityPush() throws Exception {
        Path seg = SyntheticWal.write(wal, 1, 1, SYSID, 1);
        assertEquals(ExitCode.TLS_AUTH.code(), rx.push("intruder", seg).code());
        rx.writeConfig("allow = main=primary,main=intruder");
        rx.reload();
        Result r = rx.push("intruder", seg);
        assertEquals(0, r.code(), r.err());
    }

    @Test
    void reload_unknownKey_failsNamingLine_andKeepsRunningConfiguration() throws Exception {
        rx.writeConfig("allow = main=primary,main=intruder", "alow = main=other");
        WalferryException e = assertThrows(WalferryException.class, rx::reload);
        assertEquals(
                rx.config + ":6: key 'alow': unknown key: none of the walferry commands has an option --alow",
                e.getMessage());
        assertEquals(
                ExitCode.TLS_AUTH.code(),
                rx.push("intruder", SyntheticWal.write(wal, 1, 2, SYSID, 2)).code(),
                "the old allow list is still in force");
    }

    @Test
    void reload_keyNotMatchingCertificate_isRefused_andOldCertificateStays() throws Exception {
        String before = rx.presentedSerial();
        Path other = tmp.resolve("other");
        assertEquals(
                0,
                ReceiverFixture.walferry("tls", "init", "--dir", other.toString(), "--server-name", "127.0.0.1")
                        .code());
        Files.copy(
                other.resolve("server.key"),
                rx.tlsDir.resolve("server.key"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        WalferryException e = assertThrows(WalferryException.class, rx::reload);
        assertTrue(e.getMessage().contains("does not belong to"), e.getMessage());
        assertEquals(before, rx.presentedSerial());
    }

    @Test
    void renewServerCertificate_whilePushing_inFlightAndLaterPushesSucceed_newConnectionsSeeNewSerial()
            throws Exception {
        String oldSerial = rx.presentedSerial();
        // A transfer in flight across the rotation: PUT and half the data on a connection made with the old cert.
        byte[] content = SyntheticWal.segment(1, 1, SYSID, 7);
        ReceiverConnection inFlight = ReceiverConnection.open(
                ReceiverAddress.parse(rx.address()),
                ClientTlsContext.load(rx.tlsDir, "primary"),
                Duration.ofSeconds(10),
                Duration.ofSeconds(20));
        String inFlightName = SyntheticWal.name(1, 1);
        inFlight.send(new Put(1, "main", inFlightName, content.length, Compression.NONE));
        int half = content.length / 2;
        sendData(inFlight, content, 0, half);

        // And a client pushing in a loop, each push on a new connection.
        LinkedBlockingQueue<Integer> done = new LinkedBlockingQueue<>();
        ExecutorService pusher = Executors.newSingleThreadExecutor();
        Future<List<Result>> loop = pusher.submit(() -> {
            List<Result> results = new ArrayList<>();
            for (int n = 2; n <= 7; n++) {
                results.add(rx.push("primary", SyntheticWal.write(wal, 1, n, SYSID, n)));
                done.add(n);
            }
            return results;
        });
        try {
            assertEquals(2, done.poll(60, TimeUnit.SECONDS), "first push of the loop");
            Result renew = ReceiverFixture.walferry("tls", "renew", "--dir", rx.tlsDir.toString(), "--server");
            assertEquals(0, renew.code(), renew.err());
            rx.reload();

            sendData(inFlight, content, half, content.length);
            inFlight.send(new PutEnd(1, MessageDigest.getInstance("SHA-256").digest(content)));
            inFlight.flush();
            Message answer = inFlight.read();
            assertTrue(
                    answer instanceof dev.walferry.protocol.message.Result r && r.status() == Status.STORED,
                    String.valueOf(answer));

            for (Result r : loop.get(120, TimeUnit.SECONDS)) {
                assertEquals(0, r.code(), r.err());
            }
        } finally {
            inFlight.close();
            pusher.shutdownNow();
        }
        String newSerial = rx.presentedSerial();
        assertNotEquals(oldSerial, newSerial);
        assertEquals(rx.serialOnDisk(), newSerial);
        assertEquals(7, rx.metric("walferry_files_stored_total{archive=\"main\"}"));
        assertTrue(Files.exists(rx.archiveDir.resolve(inFlightName)));
    }

    /** DATA frames of stream 1 for content[from, to), in chunks the protocol allows. */
    private static void sendData(ReceiverConnection c, byte[] content, int from, int to) throws Exception {
        for (int at = from; at < to; at += 64 * 1024) {
            int end = Math.min(to, at + 64 * 1024);
            c.send(new Data(1, end - at, Arrays.copyOfRange(content, at, end)));
        }
        c.flush();
    }
}
