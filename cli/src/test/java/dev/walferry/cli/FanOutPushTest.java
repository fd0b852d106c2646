package dev.walferry.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.walferry.cli.ReceiverFixture.Result;
import dev.walferry.client.failure.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** push to several receivers with a quorum; restore tries receivers in order. Two receivers, one CA. */
class FanOutPushTest {

    static final long SYSID = 7300000000000000009L;

    @TempDir
    Path tmp;

    ReceiverFixture a;
    ReceiverFixture b;
    Path src;

    @BeforeEach
    void start() throws Exception {
        a = new ReceiverFixture(tmp.resolve("a"), tmp.resolve("tls"), null);
        b = new ReceiverFixture(tmp.resolve("b"), tmp.resolve("tls"), null);
        src = Files.createDirectories(tmp.resolve("pg_wal"));
    }

    @AfterEach
    void stop() throws Exception {
        a.close();
        b.close();
    }

    private Result push(Path file, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "push",
                "--server",
                a.address(),
                "--server",
                b.address(),
                "--archive",
                "main",
                "--tls-dir",
                a.tlsDir.toString(),
                "--identity",
                "primary",
                "--connect-timeout",
                "5",
                "--timeout",
                "20"));
        args.addAll(List.of(extra));
        args.add(file.toString());
        args.add(file.getFileName().toString());
        return ReceiverFixture.walferry(args.toArray(String[]::new));
    }

    private Result restore(String name, Path dest) {
        return ReceiverFixture.walferry(
                "restore",
                "--server",
                a.address(),
                "--server",
                b.address(),
                "--archive",
                "main",
                "--tls-dir",
                a.tlsDir.toString(),
                "--identity",
                "primary",
                "--connect-timeout",
                "5",
                "--timeout",
                "20",
                "--data-dir",
                tmp.toString(),
                name,
                dest.toString());
    }

    @Test
    void push_toTwoReceivers_storesOnBoth_andExitsZero() throws Exception {
        Path seg = SyntheticWal.write(src, 1, 1, SYSID, 1);

        Result r = push(seg);

        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("acknowledged by 2 of 2 receivers (2 required)"), r.err());
        assertArrayEquals(Files.readAllBytes(seg), Files.readAllBytes(a.archiveDir.resolve(seg.getFileName())));
        assertArrayEquals(Files.readAllBytes(seg), Files.readAllBytes(b.archiveDir.resolve(seg.getFileName())));
    }

    @Test
    void push_oneReceiverDown_failsByDefault_butMeetsRequireOne() throws Exception {
        Path seg = SyntheticWal.write(src, 1, 2, SYSID, 2);
        b.stopListening();

        Result all = push(seg);
        assertEquals(ExitCode.CONNECT.code(), all.code(), all.err());
        assertTrue(all.err().contains("acknowledged by 1 of 2 receivers, 2 required"), all.err());

        Result one = push(seg, "--require", "1");
        assertEquals(0, one.code(), one.err());
        assertTrue(one.err().contains("not acknowledged by " + b.address()), one.err());
        assertTrue(one.err().contains("acknowledged by 1 of 2 receivers (1 required)"), one.err());
    }

    @Test
    void push_conflictOnOneReceiver_failsEvenWhenTheQuorumIsMet() throws Exception {
        Path seg = SyntheticWal.write(src, 1, 3, SYSID, 3);
        Path other = SyntheticWal.write(Files.createDirectories(tmp.resolve("elsewhere")), 1, 3, SYSID, 4);
        assertEquals(0, b.push(other, other.getFileName().toString()).code());

        Result r = push(seg, "--require", "1");

        assertEquals(ExitCode.CONFLICT.code(), r.code(), r.err());
        assertTrue(r.err().contains(b.address()), r.err());
    }

    @Test
    void push_requireOutOfRange_orShipAheadWithSeveral_isUsageError() throws Exception {
        Path seg = SyntheticWal.write(src, 1, 4, SYSID, 5);
        assertEquals(ExitCode.USAGE.code(), push(seg, "--require", "3").code());
        Result spool = push(seg, "--spool-dir", tmp.resolve("spool").toString());
        assertEquals(ExitCode.USAGE.code(), spool.code());
        assertTrue(spool.err().contains("--spool-dir (ship-ahead) works with a single --server only"), spool.err());
        assertFalse(Files.exists(a.archiveDir.resolve(seg.getFileName())));
    }

    @Test
    void restore_triesReceiversInOrder_firstDownOrMissing() throws Exception {
        Path seg = SyntheticWal.write(src, 1, 5, SYSID, 6);
        String name = seg.getFileName().toString();
        assertEquals(0, b.push(seg, name).code());
        Path dest = tmp.resolve("RECOVERYXLOG");

        Result missingOnA = restore(name, dest);
        assertEquals(0, missingOnA.code(), missingOnA.err());
        assertArrayEquals(Files.readAllBytes(seg), Files.readAllBytes(dest));

        a.stopListening();
        Files.delete(dest);
        Result aDown = restore(name, dest);
        assertEquals(0, aDown.code(), aDown.err());
        assertTrue(aDown.err().contains("trying the next receiver"), aDown.err());
    }

    @Test
    void restore_notFoundOnEveryReceiver_exitsOne_butADownReceiverIsNotNotFound() throws Exception {
        Path dest = tmp.resolve("RECOVERYXLOG");
        String name = SyntheticWal.name(1, 9);

        Result none = restore(name, dest);
        assertEquals(ExitCode.NOT_FOUND.code(), none.code(), none.err());
        assertTrue(none.err().contains("on any of 2 receivers"), none.err());

        a.stopListening();
        Result oneDown = restore(name, dest);
        assertEquals(ExitCode.CONNECT.code(), oneDown.code(), "receiver A may have it: " + oneDown.err());
    }
}
