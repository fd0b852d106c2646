package dev.walferry.pglab.bench;

import dev.walferry.client.push.LocalWalFile;
import dev.walferry.client.push.SegmentPusher;
import dev.walferry.client.transport.ClientTlsContext;
import dev.walferry.client.transport.ReceiverConnection;
import dev.walferry.pglab.demo.ReceiverProcess;
import dev.walferry.pglab.demo.WalferryInstallation;
import dev.walferry.protocol.ReceiverAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.net.ssl.SSLContext;

/**
 * Many pushers at once against one receiver whose heap is capped ({@code -Xmx256m}): aggregate throughput for 1,
 * 8 and 32 concurrent clients, each on its own connection, pushing real segments (in this JVM, to leave out JVM
 * start-up). A push that fails (an out-of-memory receiver would fail them) is counted.
 */
public final class ConcurrencyBench {

    public record Round(int clients, int pushes, int failures, long nanos, long bytes) {
        public double mibPerSecond() {
            return bytes / 1048576.0 / (nanos / 1e9);
        }
    }

    public static List<Round> run(
            WalferryInstallation w, Path root, List<Path> segments, int[] clientCounts, int pushesPerClient)
            throws Exception {
        List<String> archives = new ArrayList<>();
        for (int n : clientCounts) {
            archives.add("conc-" + n + "=" + root.resolve("conc-" + n));
        }
        List<Round> rounds = new ArrayList<>();
        try (ReceiverProcess rx = ReceiverProcess.start(
                w.launcher(), w.tlsDir(), root.resolve("conc-receiver.log"), archives, List.of(), "-Xmx256m")) {
            SSLContext tls = ClientTlsContext.load(w.tlsDir(), "primary");
            ReceiverAddress addr = ReceiverAddress.parse(rx.address());
            for (int n : clientCounts) {
                ExecutorService pool = Executors.newFixedThreadPool(n);
                List<Future<long[]>> done = new ArrayList<>();
                long t0 = System.nanoTime();
                for (int c = 0; c < n; c++) {
                    int client = c;
                    done.add(pool.submit(() -> pushAll(tls, addr, "conc-" + n, segments, client, pushesPerClient)));
                }
                long bytes = 0;
                int failures = 0;
                for (Future<long[]> f : done) {
                    long[] r = f.get();
                    bytes += r[0];
                    failures += (int) r[1];
                }
                rounds.add(new Round(n, n * pushesPerClient, failures, System.nanoTime() - t0, bytes));
                pool.shutdown();
            }
            if (!rx.isAlive()) {
                throw new IllegalStateException("the receiver died: " + rx.log());
            }
        }
        return rounds;
    }

    private static long[] pushAll(
            SSLContext tls, ReceiverAddress addr, String archive, List<Path> segments, int client, int count) {
        long bytes = 0;
        long failures = 0;
        try (ReceiverConnection c =
                        ReceiverConnection.open(addr, tls, Duration.ofSeconds(30), Duration.ofSeconds(300));
                SegmentPusher p = new SegmentPusher(c, archive, 1)) {
            for (int i = 0; i < count; i++) {
                Path seg = segments.get((client + i) % segments.size());
                try {
                    bytes += p.push(LocalWalFile.check(seg, seg.getFileName().toString()))
                            .size();
                } catch (RuntimeException e) {
                    failures++;
                }
            }
        } catch (RuntimeException e) {
            failures += count;
        }
        return new long[] {bytes, failures};
    }
}
