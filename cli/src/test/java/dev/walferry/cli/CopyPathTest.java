package dev.walferry.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.walferry.cli.ReceiverFixture.Result;
import dev.walferry.client.failure.ExitCode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** push and restore through a real receiver over real mutual TLS on loopback. */
class CopyPathTest {

    static final long SYSID = 7300000000000000001L;

    @TempDir
    Path tmp;

    ReceiverFixture rx;
    Path src;

    @BeforeEach
    void start() throws Exception {
        rx = new ReceiverFixture(tmp.resolve("rx"));
        src = Files.createDirectories(tmp.resolve("pg_wal"));
    }

    @AfterEach
    void stop() throws Exception {
        rx.close();
    }

    @Test
    void push_segment_storesIdenticalBytes_andRestoreReturnsThem() throws Exception {
        Path seg = SyntheticWal.write(src, 1, 3, SYSID, 1);
        String name = seg.getFileName().toString();

        Result push = rx.push(seg, name);
        assertEquals(0, push.code(), push.err());
        assertArrayEquals(Files.readAllBytes(seg), Files.readAllBytes(rx.archiveDir.resolve(name)));

        Path dest = tmp.resolve("RECOVERYXLOG");
        Result restore = rx.restore(name, dest);
        assertEquals(0, restore.code(), restore.err());
        assertArrayEquals(Files.readAllBytes(seg), Files.readAllBytes(dest));
        assertFalse(Files.exists(tmp.resolve("RECOVERYXLOG.walferry-partial")));
    }

    @Test
    void push_historyFile_roundTrips() throws Exception {
        Path hist = src.resolve("00000002.history");
        Files.writeString(hist, "1\t0/3000060\tno recovery target specified\n");
        assertEquals(0, rx.push(hist, "00000002.history").code());
        Path dest = tmp.resolve("RECOVERYHISTORY");
        assertEquals(0, rx.restore("00000002.history", dest).code());
        assertEquals(Files.readString(hist), Files.readString(dest));
    }

    @Test
    void push_identicalDuplicate_succeeds() throws Exception {
        Path seg = SyntheticWal.write(src, 1, 4, SYSID, 2);
        String name = seg.getFileName().toString();
        assertEquals(0, rx.push(seg, name).code());
        Result again = rx.push(seg, name);
        assertEquals(0, again.code(), again.err());
        assertTrue(again.err().contains("already archived (identical)"), again.err());
    }

    @Test
    void push_conflictingDuplicate_failsWithConflict_andKeepsStoredFile() throws Exception {
        Path seg = SyntheticWal.write(src, 1, 5, SYSID, 3);
        String name = seg.getFileName().toString();
        assertEquals(0, rx.push(seg, name).code());
        byte[] stored = Files.readAllBytes(rx.archiveDir.resolve(name));

        Path other = Files.createDirectories(tmp.resolve("other"));
        Path changed = SyntheticWal.write(other, 1, 5, SYSID, 99);
        Result r = rx.push(changed, name);

        assertEquals(ExitCode.CONFLICT.code(), r.code(), r.err());
        assertTrue(r.err().contains("conflict"), r.err());
        assertTrue(r.err().contains(name), r.err());
        assertArrayEquals(stored, Files.readAllBytes(rx.archiveDir.resolve(name)));
    }

    @Test
    void push_segmentOfAnotherCluster_isRefusedAsWrongCluster() throws Exception {
        assertEquals(
                0,
                rx.push(SyntheticWal.write(src, 1, 6, SYSID, 4), SyntheticWal.name(1, 6))
                        .code());
        Path other = Files.createDirectories(tmp.resolve("other"));
        Result r = rx.push(SyntheticWal.write(other, 1, 7, SYSID + 1, 5), SyntheticWal.name(1, 7));
        assertEquals(ExitCode.WRONG_CLUSTER.code(), r.code(), r.err());
        assertTrue(r.err().contains("wrong cluster"), r.err());
        assertEquals(List.of(SyntheticWal.name(1, 6)), rx.archivedNames());
    }

    @Test
    void push_hostileNames_areRefusedBeforeAnyByteIsSent() throws Exception {
        Path seg = SyntheticWal.write(src, 1, 8, SYSID, 6);
        for (String bad : List.of(
                "../000000010000000000000008",
                "a/b",
                "..",
                "00000001000000000000000g",
                "000000010000000000000008\u0000",
                "x".repeat(65),
                "pg_control",
                "0000000100000000000000080")) {
            Result r = rx.push(seg, bad);
            assertEquals(ExitCode.BAD_FILE.code(), r.code(), bad + ": " + r.err());
            assertTrue(r.err().contains("invalid WAL file name"), r.err());
        }
        assertEquals(List.of(), rx.archivedNames());
        assertTrue(rx.logLines().stream().noneMatch(l -> l.contains("PUT")), "nothing reached the receiver");
    }

    @Test
    void push_truncatedSegment_isRefusedLocally() throws Exception {
        Path seg = SyntheticWal.write(src, 1, 9, SYSID, 7);
        byte[] b = Files.readAllBytes(seg);
        Files.write(seg, java.util.Arrays.copyOf(b, b.length / 2));
        Result r = rx.push(seg, seg.getFileName().toString());
        assertEquals(ExitCode.BAD_FILE.code(), r.code(), r.err());
        assertTrue(r.err().contains("segment size"), r.err());
        assertEquals(List.of(), rx.archivedNames());
    }

    @Test
    void restore_missingFile_exitsOneQuickly() throws Exception {
        Path dest = tmp.resolve("RECOVERYHISTORY");
        Result r = rx.restore("00000005.history", dest);
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("not found"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        assertFalse(Files.exists(dest));
    }

    @Test
    void restore_fileRemovedFromArchiveDirectory_exitsOne_andRepushStoresItAgain() throws Exception {
        Path seg = SyntheticWal.write(src, 1, 13, SYSID, 10);
        String name = seg.getFileName().toString();
        assertEquals(0, rx.push(seg, name).code());
        Files.delete(rx.archiveDir.resolve(name)); // as pg_archivecleanup on the receiver host would

        Result r = rx.restore(name, tmp.resolve("RECOVERYXLOG"));
        assertEquals(1, r.code(), r.err());

        assertEquals(0, rx.push(seg, name).code());
        assertArrayEquals(Files.readAllBytes(seg), Files.readAllBytes(rx.archiveDir.resolve(name)));
    }

    @Test
    void push_identityNotAllowed_isRefusedAndNothingWritten() throws Exception {
        Path seg = SyntheticWal.write(src, 1, 10, SYSID, 8);
        List<String> args = new java.util.ArrayList<>(List.of("push"));
        args.addAll(List.of(rx.client("intruder")));
        args.add(seg.toString());
        args.add(seg.getFileName().toString());
        Result r = ReceiverFixture.walferry(args.toArray(String[]::new));
        assertEquals(ExitCode.TLS_AUTH.code(), r.code(), r.err());
        assertTrue(r.err().contains("may not use archive"), r.err());
        assertEquals(List.of(), rx.archivedNames());
        assertTrue(
                rx.logLines().stream().anyMatch(l -> l.contains("intruder") && l.contains("FORBIDDEN")),
                rx.logLines().toString());
    }

    @Test
    void push_missingSourceFile_failsWithLocalIo() {
        Result r = rx.push(src.resolve("000000010000000000000011"), "000000010000000000000011");
        assertEquals(ExitCode.LOCAL_IO.code(), r.code(), r.err());
        assertTrue(r.err().contains("no such file"), r.err());
    }

    @Test
    void push_receiverDown_failsWithConnect() throws Exception {
        Path seg = SyntheticWal.write(src, 1, 12, SYSID, 9);
        String addr = rx.address();
        rx.server.close();
        Result r = ReceiverFixture.walferry(
                "push",
                "--server",
                addr,
                "--archive",
                "main",
                "--tls-dir",
                rx.tlsDir.toString(),
                "--identity",
                "primary",
                seg.toString(),
                seg.getFileName().toString());
        assertEquals(ExitCode.CONNECT.code(), r.code(), r.err());
        assertTrue(r.err().contains("cannot connect to receiver " + addr), r.err());
    }

    @Test
    void receiver_refusesHostileNameFromACustomClient() throws Exception {
        var opts = new dev.walferry.cli.options.ReceiverOptions();
        picocli.CommandLine cl = new picocli.CommandLine(opts);
        cl.parseArgs(rx.client("primary"));
        try (var c = opts.target().connect()) {
            c.send(new dev.walferry.protocol.message.Put(
                    1, "main", "../../etc/passwd", 3, dev.walferry.protocol.message.Compression.NONE));
            c.send(new dev.walferry.protocol.message.Data(1, 3, ascii("abc")));
            c.send(new dev.walferry.protocol.message.PutEnd(1, new byte[32]));
            c.flush();
            org.junit.jupiter.api.Assertions.assertThrows(
                    java.io.IOException.class,
                    c::read,
                    "a name that breaks the A5 rules is a protocol error: the receiver closes the connection");
        }
        assertTrue(
                rx.awaitLog(l -> l.startsWith("protocol error") && l.contains("invalid WAL file name")),
                rx.logLines().toString());
        assertEquals(List.of(), rx.archivedNames());
        assertFalse(Files.exists(rx.root.resolve("etc")));
    }

    @Test
    void usage_unknownOption_exitsTwo() {
        Result r = ReceiverFixture.walferry("push", "--no-such-option");
        assertEquals(ExitCode.USAGE.code(), r.code());
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
