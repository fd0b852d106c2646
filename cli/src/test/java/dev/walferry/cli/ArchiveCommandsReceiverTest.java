package dev.walferry.cli;

import static dev.walferry.cli.ReceiverFixture.walferry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.walferry.cli.ReceiverFixture.Result;
import dev.walferry.protocol.wal.WalFileName;
import dev.walferry.server.inspect.SampleArchive;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** {@code walferry archive ... --server} against an in-process receiver with real TLS. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ArchiveCommandsReceiverTest {

    private Path root;
    private ReceiverFixture receiver;

    @BeforeAll
    void start(@TempDir Path root) throws Exception {
        this.root = root;
        receiver = new ReceiverFixture(root);
    }

    @AfterAll
    void stop() throws Exception {
        receiver.close();
    }

    /** Stores the sample files again; those still there are ALREADY_PRESENT, those cleaned up come back. */
    @BeforeEach
    void refill() throws Exception {
        SampleArchive.fill(receiver.storage);
    }

    private Result archive(String identity, String command, String... rest) {
        List<String> a = new ArrayList<>(List.of("archive", command));
        a.addAll(List.of(receiver.client(identity, rest)));
        return walferry(a.toArray(String[]::new));
    }

    @Test
    void status_throughReceiver_addsUptimeAndConnectedClient() {
        Result r = archive("primary", "status");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().startsWith("archive main on receiver " + receiver.address() + "\n"), r.out());
        assertTrue(
                r.out().contains("timeline 2:   000000020000000000000005 .. 000000020000000000000007 (3 segments)\n"),
                r.out());
        assertTrue(
                r.out().matches("(?s).*receiver:     up \\d+ s, 1 connected: primary@127\\.0\\.0\\.1:\\d+\n.*"),
                r.out());
        Result json = archive("primary", "status", "--json");
        assertTrue(
                FlatJson.stable(json.out())
                        .replaceAll("127\\.0\\.0\\.1:\\d+", "ADDR")
                        .endsWith("\"receiver\":{\"uptime_seconds\":0,\"clients\":[\"primary@ADDR\"]}}\n"),
                json.out());
    }

    @Test
    void verifyAndShow_throughReceiver_reportFlippedByte() throws Exception {
        Path file = receiver.archiveDir.resolve("000000010000000000000004");
        byte[] original = Files.readAllBytes(file);
        try {
            SampleArchive.flipByte(receiver.archiveDir, WalFileName.parse("000000010000000000000004"), 7);
            Result verify = archive("primary", "verify", "--json");
            assertEquals(15, verify.code(), verify.toString());
            assertTrue(verify.out().startsWith("{\"ok\":false,\"files\":9,"), verify.out());
            assertTrue(
                    verify.out().contains("{\"kind\":\"checksum_mismatch\",\"subject\":\"000000010000000000000004\""),
                    verify.out());
            Result show = archive("primary", "show", "000000010000000000000004");
            assertEquals(15, show.code(), show.toString());
            assertTrue(show.out().endsWith("checksum:          MISMATCH\n"), show.out());
        } finally {
            Files.write(file, original);
        }
        assertEquals(0, archive("primary", "verify").code());
    }

    @Test
    void list_throughReceiver_usesListEntries() {
        Result r = archive("primary", "list", "--timeline", "1");
        assertEquals(0, r.code(), r.toString());
        assertEquals(6, r.out().lines().count(), r.out());
        assertTrue(r.out().endsWith("5 files, 5.0 MiB\n"), r.out());
    }

    @Test
    void cleanup_throughReceiver_removesAndRestoreThenSaysNotFound() throws Exception {
        Result dry = archive("primary", "cleanup", "--dry-run", "000000010000000000000003");
        assertEquals(
                "would remove 000000010000000000000001\nwould remove 000000010000000000000002\n"
                        + "archive main on receiver " + receiver.address() + ": would remove 2 files older than"
                        + " 000000010000000000000003\n",
                dry.out());
        assertEquals(9, receiver.archivedNames().size());
        Result r = archive("primary", "cleanup", "000000010000000000000003");
        assertEquals(0, r.code(), r.toString());
        assertEquals(dry.out().replace("would remove", "removed"), r.out());
        assertEquals(7, receiver.archivedNames().size());
        Result restore = receiver.restore("000000010000000000000001", root.resolve("RECOVERYXLOG"));
        assertEquals(1, restore.code(), restore.toString());
    }

    @Test
    void restore_ofFileRemovedByLocalCleanup_exitsOneNotATransportError() throws Exception {
        Result r = walferry("archive", "cleanup", "--dir", receiver.archiveDir.toString(), "000000010000000000000002");
        assertEquals(0, r.code(), r.toString());
        Result restore = receiver.restore("000000010000000000000001", root.resolve("RECOVERYXLOG"));
        assertEquals(1, restore.code(), restore.toString());
        assertEquals(0, archive("primary", "status").code());
    }

    @Test
    void anyCommand_identityNotAllowed_exits4() {
        Result r = archive("intruder", "verify");
        assertEquals(4, r.code(), r.toString());
        assertTrue(
                r.err()
                        .startsWith("walferry archive verify: error: not authorized for archive main: identity"
                                + " \"intruder\" may not use archive \"main\""),
                r.err());
    }
}
