package dev.walferry.server.storage;

import static dev.walferry.protocol.wal.SyntheticSegments.name;
import static dev.walferry.protocol.wal.SyntheticSegments.segment;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.walferry.protocol.message.Status;
import dev.walferry.protocol.wal.WalFileName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.io.TempDir;

class ConcurrentCommitTest {

    private static final int THREADS = 6;

    @TempDir
    Path dir;

    @RepeatedTest(3)
    void concurrentCommitsOfOneName_storeExactlyOnce() throws Exception {
        WalFileName n = name(1, 9);
        // even threads send content A, odd threads content B
        byte[][] contents = {segment(n, 100), segment(n, 200)};
        AtomicInteger arrivals = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try (DirectoryStorage s = DirectoryStorage.open("main", dir, StorageOptions.defaults())) {
            s.addArrivalListener(f -> arrivals.incrementAndGet());
            CyclicBarrier allWritten = new CyclicBarrier(THREADS);
            List<Future<CommitResult>> futures = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                byte[] content = contents[i % 2];
                futures.add(pool.submit(() -> {
                    try (Incoming in = s.begin(n, content.length)) {
                        in.write(content, 0, content.length);
                        allWritten.await(30, TimeUnit.SECONDS);
                        return in.commit(Sha256.of(content));
                    }
                }));
            }
            List<CommitResult> results = new ArrayList<>();
            for (Future<CommitResult> f : futures) {
                results.add(f.get(60, TimeUnit.SECONDS));
            }

            List<CommitResult> stored =
                    results.stream().filter(r -> r.status() == Status.STORED).toList();
            assertEquals(1, stored.size(), results.toString());
            byte[] winner = Files.readAllBytes(dir.resolve(n.toString()));
            for (int i = 0; i < THREADS; i++) {
                CommitResult r = results.get(i);
                boolean same = java.util.Arrays.equals(contents[i % 2], winner);
                if (r.status() != Status.STORED) {
                    assertEquals(same ? Status.ALREADY_PRESENT : Status.CONFLICT, r.status(), r.message());
                } else {
                    assertArrayEquals(contents[i % 2], winner);
                }
            }
            assertEquals(1, arrivals.get());
            assertEquals(List.of(), TestArchives.incoming(dir));
            assertEquals(1, TestArchives.checksumLogText(dir).lines().count());
        } finally {
            pool.shutdownNow();
        }
    }
}
