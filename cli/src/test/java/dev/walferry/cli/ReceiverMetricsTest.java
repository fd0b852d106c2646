package dev.walferry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.walferry.client.failure.ExitCode;
import dev.walferry.pgctl.Await;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The receiver's /metrics and /health, scraped over HTTP while real pushes go through it. */
class ReceiverMetricsTest {

    static final long SYSID = 7300000000000000001L;
    static final String MAIN = "{archive=\"main\"}";

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
    void metrics_beforeAnyPush_showZeroCountersForEveryArchiveAndReason() throws Exception {
        HttpResponse<String> r = rx.http("/metrics");
        assertEquals(200, r.statusCode());
        assertTrue(
                r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"),
                r.headers().toString());
        assertEquals(0, rx.metric("walferry_files_stored_total" + MAIN));
        assertEquals(0, rx.metric("walferry_rejected_total{reason=\"tls_handshake\"}"));
        assertEquals(0, rx.metric("walferry_clients_connected"));
        assertTrue(r.body().contains("jvm_memory_used_bytes"), "JVM metrics too");
    }

    @Test
    void push_storedDuplicateConflict_moveTheirCounters_bytesAndFsyncsAndNewestFile() throws Exception {
        Path seg = SyntheticWal.write(wal, 1, 3, SYSID, 1);
        String name = seg.getFileName().toString();
        assertEquals(0, rx.push("primary", seg).code());
        assertEquals(0, rx.push("primary", seg).code());
        Path other = SyntheticWal.write(Files.createDirectories(tmp.resolve("other")), 1, 3, SYSID, 2);
        assertEquals(ExitCode.CONFLICT.code(), rx.push("primary", other).code());

        assertEquals(1, rx.metric("walferry_files_stored_total" + MAIN));
        assertEquals(1, rx.metric("walferry_files_duplicate_total" + MAIN));
        assertEquals(1, rx.metric("walferry_files_conflict_total" + MAIN));
        assertEquals(3.0 * SyntheticWal.SEGMENT_SIZE, rx.metric("walferry_received_raw_bytes_total" + MAIN));
        assertTrue(rx.metric("walferry_received_wire_bytes_total" + MAIN) > 0);
        assertTrue(rx.metric("walferry_fsync_seconds_count" + MAIN) >= 2, "file and directory fsync of the store");
        assertEquals(1, rx.metric("walferry_archive_newest_file{archive=\"main\",file=\"" + name + "\"}"));
        long arrived = Files.getLastModifiedTime(rx.archiveDir.resolve(name)).toMillis() / 1000;
        assertEquals((double) arrived, rx.metric("walferry_archive_newest_arrival_seconds" + MAIN), 5);
    }

    @Test
    void refusals_countedByReason_includingTlsHandshakes() throws Exception {
        Path seg = SyntheticWal.write(wal, 1, 4, SYSID, 3);
        assertEquals(ExitCode.TLS_AUTH.code(), rx.push("intruder", seg).code());
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
        Files.copy(rx.tlsDir.resolve("ca.crt"), otherTls.resolve("ca.crt"), StandardCopyOption.REPLACE_EXISTING);
        ReceiverFixture.Result foreign = ReceiverFixture.walferry(
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
        assertEquals(ExitCode.TLS_AUTH.code(), foreign.code(), foreign.err());

        assertEquals(1, rx.metric("walferry_rejected_total{reason=\"forbidden\"}"));
        awaitMetric("walferry_rejected_total{reason=\"tls_handshake\"}", 1);
        assertEquals(0, rx.metric("walferry_files_stored_total" + MAIN));
    }

    @Test
    void health_okWhileListeningAndWritable_503NamingTheArchiveOtherwise() throws Exception {
        HttpResponse<String> ok = rx.http("/health");
        assertEquals(200, ok.statusCode());
        assertEquals("ok\n", ok.body());
        Path incoming = rx.archiveDir.resolve(".walferry/incoming");
        Path aside = rx.archiveDir.resolve(".walferry/incoming-aside");
        Files.move(incoming, aside);
        Files.writeString(incoming, "not a directory");
        try {
            HttpResponse<String> bad = rx.http("/health");
            assertEquals(503, bad.statusCode());
            assertTrue(bad.body().startsWith("archive main is not writable"), bad.body());
        } finally {
            Files.delete(incoming);
            Files.move(aside, incoming);
        }
    }

    /** TLS refusals are counted on the event loop after the client has seen the failure: wait for the count. */
    private void awaitMetric(String sample, double value) {
        Await.until(sample + " = " + value, Duration.ofSeconds(10), () -> {
            try {
                return rx.metric(sample) == value;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
