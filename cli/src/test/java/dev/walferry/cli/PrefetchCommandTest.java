package dev.walferry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.walferry.cli.ReceiverFixture.Result;
import dev.walferry.client.failure.ExitCode;
import dev.walferry.pgctl.Await;
import dev.walferry.protocol.wal.SyntheticSegments;
import dev.walferry.protocol.wal.WalFileName;
import dev.walferry.server.storage.TestArchives;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The background prefetcher ({@code walferry prefetch}, docs/spool.md): it never runs more than {@code --count}
 * segments ahead of the segment PostgreSQL asked for last, however fast files leave the spool, so the receiver sends
 * each segment once; and a receiver that goes away is reported as a connection failure (exit code CONNECT), not as a
 * bug.
 */
class PrefetchCommandTest {

    private static final int DEPTH = 4;
    private static final int ARCHIVED = 30;

    @TempDir
    Path tmp;

    @Test
    void filesTakenBeforeRequestedMoves_prefetcherStaysInItsWindow_andSendsEachSegmentOnce() throws Exception {
        try (ReceiverFixture rx = new ReceiverFixture(tmp)) {
            List<WalFileName> segs = archive(rx, ARCHIVED);
            Path spool = tmp.resolve("spool");
            Path out = Files.createDirectories(tmp.resolve("pg_wal"));
            Files.createDirectories(spool);
            Files.writeString(spool.resolve(".requested"), segs.get(0).toString());
            CompletableFuture<Result> prefetch = CompletableFuture.supplyAsync(
                    () -> ReceiverFixture.walferry(prefetchArgs(rx, spool, segs.get(0), 8)));

            awaitSpooled(spool, segs.subList(1, 1 + DEPTH), prefetch);
            // restores take the whole window by rename before .requested moves (the launcher's order before the
            // fix, or a slow writer): the spool empties, yet nothing after the window may be fetched
            for (WalFileName n : segs.subList(1, 1 + DEPTH)) {
                Files.move(spool.resolve(n.toString()), out.resolve(n.toString()));
            }
            awaitTwoPasses(spool, prefetch); // time for a runaway prefetcher to fetch beyond the window
            WalFileName last = segs.get(DEPTH);
            Files.writeString(spool.resolve(".requested.tmp"), last.toString());
            Files.move(
                    spool.resolve(".requested.tmp"),
                    spool.resolve(".requested"),
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            List<WalFileName> nextWindow = segs.subList(1 + DEPTH, 1 + 2 * DEPTH);
            awaitSpooled(spool, nextWindow, prefetch);

            Result r = prefetch.get(60, TimeUnit.SECONDS);
            assertEquals(0, r.code(), r.err());
            assertTrue(
                    rx.awaitLog(l -> l.startsWith("sending main/" + nextWindow.get(DEPTH - 1))),
                    rx.logLines().toString());
            List<String> sent = sent(rx);
            List<String> expected = segs.subList(1, 1 + 2 * DEPTH).stream()
                    .map(WalFileName::toString)
                    .toList();
            assertEquals(expected, sent, "the receiver sent the two windows, each segment once, nothing beyond");
        }
    }

    @Test
    void receiverStopsWhilePrefetcherIsConnected_exitsWithConnect_notInternalError() throws Exception {
        try (ReceiverFixture rx = new ReceiverFixture(tmp)) {
            List<WalFileName> segs = archive(rx, 2);
            Path spool = Files.createDirectories(tmp.resolve("spool"));
            Files.writeString(spool.resolve(".requested"), segs.get(0).toString());
            CompletableFuture<Result> prefetch = CompletableFuture.supplyAsync(
                    () -> ReceiverFixture.walferry(prefetchArgs(rx, spool, segs.get(0), 30)));
            // the second segment arrives; the third is not archived, so the prefetcher keeps asking for it
            awaitSpooled(spool, segs.subList(1, 2), prefetch);
            rx.stopListening();

            Result r = prefetch.get(60, TimeUnit.SECONDS);
            assertEquals(ExitCode.CONNECT.code(), r.code(), r.err());
            assertFalse(r.err().contains("internal error"), r.err());
            assertTrue(r.err().contains("walferry prefetch: error: "), r.err());
            assertTrue(r.err().contains("receiver 127.0.0.1:"), r.err());
            assertTrue(r.err().contains("prefetching "), r.err());
            try (Stream<Path> s = Files.list(spool)) {
                assertEquals(
                        List.of(),
                        s.map(p -> p.getFileName().toString())
                                .filter(n -> n.endsWith(".walferry-partial"))
                                .toList(),
                        "no partial file left");
            }
        }
    }

    private static List<WalFileName> archive(ReceiverFixture rx, int count) throws Exception {
        List<WalFileName> segs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            WalFileName n = SyntheticSegments.name(1, 0x20 + i);
            TestArchives.store(rx.storage, n, SyntheticSegments.segment(n, i));
            segs.add(n);
        }
        return segs;
    }

    private static String[] prefetchArgs(ReceiverFixture rx, Path spool, WalFileName after, int idleSeconds) {
        List<String> a = new ArrayList<>(List.of("prefetch"));
        a.addAll(List.of(rx.client("primary")));
        a.addAll(List.of(
                "--spool-dir",
                spool.toString(),
                "--after",
                after.toString(),
                "--count",
                Integer.toString(DEPTH),
                "--segment-size",
                Integer.toString(SyntheticSegments.SEGMENT_SIZE),
                "--idle",
                Integer.toString(idleSeconds)));
        return a.toArray(String[]::new);
    }

    /** Waits until every one of {@code names} is in the spool (failing at once if the prefetcher ended). */
    private static void awaitSpooled(Path spool, List<WalFileName> names, CompletableFuture<Result> prefetch) {
        Await.until(names + " in the spool " + spool, Duration.ofSeconds(30), () -> {
            if (prefetch.isDone()) {
                throw new AssertionError("prefetch ended early: " + prefetch.join() + "; spool: " + list(spool));
            }
            return names.stream().allMatch(n -> Files.exists(spool.resolve(n.toString())));
        });
    }

    /**
     * Waits until the prefetcher made two passes of its loop: each pass prunes stray partial files, so a stray put
     * into the spool is gone after one (and its creation wakes a prefetcher waiting for a change).
     */
    private static void awaitTwoPasses(Path spool, CompletableFuture<Result> prefetch) throws Exception {
        for (int i = 0; i < 2; i++) {
            Path stray = Files.createFile(spool.resolve("0000000100000000000000F" + i + ".walferry-partial"));
            Await.until("the prefetcher to prune " + stray, Duration.ofSeconds(30), () -> {
                if (prefetch.isDone()) {
                    throw new AssertionError("prefetch ended early: " + prefetch.join());
                }
                return !Files.exists(stray);
            });
        }
    }

    private static List<String> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (java.io.IOException e) {
            return List.of(e.toString());
        }
    }

    private static List<String> sent(ReceiverFixture rx) {
        return rx.logLines().stream()
                .filter(l -> l.startsWith("sending main/"))
                .map(l -> l.substring("sending main/".length(), l.indexOf(' ', "sending main/".length())))
                .toList();
    }
}
