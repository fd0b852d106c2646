package dev.walferry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.walferry.cli.ReceiverFixture.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ship-ahead: one push also sends the other .ready files; their own later calls only check the acknowledgement. */
class ShipAheadTest {

    @TempDir
    Path tmp;

    ReceiverFixture rx;
    Path pgWal;
    Path spool;
    List<Path> segs = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        rx = new ReceiverFixture(tmp.resolve("rx"));
        pgWal = Files.createDirectories(tmp.resolve("data/pg_wal"));
        Files.createDirectories(pgWal.resolve("archive_status"));
        spool = tmp.resolve("spool");
        Files.writeString(pgWal.resolve("00000002.history"), "1\t0/5000000\tno recovery target specified\n");
        Files.createFile(pgWal.resolve("archive_status/00000002.history.ready"));
        for (int i = 1; i <= 4; i++) {
            Path seg = SyntheticWal.write(pgWal, 1, i, 77, i);
            segs.add(seg);
            Files.createFile(pgWal.resolve("archive_status/" + seg.getFileName() + ".ready"));
        }
    }

    @AfterEach
    void stop() throws Exception {
        rx.close();
    }

    private Result push(Path seg, String... extra) {
        List<String> a = new ArrayList<>(List.of("push"));
        a.addAll(List.of(rx.client("primary", extra)));
        a.add(seg.toString());
        a.add(seg.getFileName().toString());
        return ReceiverFixture.walferry(a.toArray(String[]::new));
    }

    @Test
    void push_withSpool_shipsReadyFilesAhead_andLaterCallsOnlyCheckTheAck() throws Exception {
        Result first = push(segs.get(0), "--spool-dir", spool.toString());
        assertEquals(0, first.code(), first.err());
        assertTrue(first.err().contains("shipped 4 more ahead"), first.err());
        assertEquals(List.of(name(0), name(1), name(2), name(3), "00000002.history"), rx.archivedNames());
        int storedLines = count(rx.logLines(), "stored main/");

        Result second = push(segs.get(1), "--spool-dir", spool.toString());
        assertEquals(0, second.code(), second.err());
        assertTrue(second.err().contains("already acknowledged by the receiver (shipped ahead)"), second.err());
        assertFalse(Files.exists(spool.resolve(name(1) + ".ack")), "an ack is consumed once");
        assertEquals(storedLines, count(rx.logLines(), "stored main/"), "nothing was sent again");

        // PostgreSQL's status files are never touched
        for (Path s : segs) {
            assertTrue(Files.exists(pgWal.resolve("archive_status/" + s.getFileName() + ".ready")));
        }
    }

    @Test
    void push_fileChangedAfterItWasShippedAhead_isSentAgain() throws Exception {
        assertEquals(0, push(segs.get(0), "--spool-dir", spool.toString()).code());
        Files.setLastModifiedTime(segs.get(2), FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        Result r = push(segs.get(2), "--spool-dir", spool.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("already archived (identical)"), r.err());
    }

    @Test
    void push_ackFromAnotherArchive_isNotTrusted() throws Exception {
        assertEquals(0, push(segs.get(0), "--spool-dir", spool.toString()).code());
        Path ack = spool.resolve(name(3) + ".ack");
        Files.writeString(ack, Files.readString(ack).replace("main@", "other@"));
        Result r = push(segs.get(3), "--spool-dir", spool.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("already archived (identical)"), r.err());
    }

    @Test
    void push_withoutSpool_sendsOnlyTheRequestedFile() throws Exception {
        assertEquals(0, push(segs.get(0)).code());
        assertEquals(List.of(name(0)), rx.archivedNames());
    }

    private String name(int i) {
        return segs.get(i).getFileName().toString();
    }

    private static int count(List<String> lines, String what) {
        return (int) lines.stream().filter(l -> l.contains(what)).count();
    }
}
