package dev.walferry.client.restore;

import dev.walferry.client.spool.PrefetchSpool;
import dev.walferry.protocol.wal.WalPageHeader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts the background prefetcher ({@code walferry prefetch}) as a process of its own that outlives this one, unless
 * one already runs for the spool.
 */
public final class Prefetch {

    private Prefetch() {}

    /**
     * Starts {@code walferry prefetch} for the segments after {@code restored} (just delivered at {@code dest}).
     * Does nothing when not run through bin/walferry (no {@code walferry.home}), or when the file has no WAL header.
     *
     * @param receiverArgs the client options (--server, --archive, --tls-dir, --identity ...) to pass on
     */
    public static void start(PrefetchSpool spool, String restored, Path dest, int count, List<String> receiverArgs) {
        String home = System.getProperty("walferry.home");
        if (home == null || count <= 0 || spool.prefetcherRunning()) {
            return;
        }
        Path spoolDir = spool.dir();
        long segmentSize;
        try (InputStream in = Files.newInputStream(dest)) {
            byte[] head = in.readNBytes(WalPageHeader.LENGTH);
            segmentSize = WalPageHeader.parse(head, 0, head.length).segmentSize();
        } catch (IOException | IllegalArgumentException e) {
            return;
        }
        List<String> cmd = new ArrayList<>();
        if (new File("/usr/bin/setsid").canExecute()) {
            cmd.add("/usr/bin/setsid");
        }
        cmd.add(Path.of(home, "bin", "walferry").toString());
        cmd.add("prefetch");
        cmd.addAll(receiverArgs);
        cmd.addAll(List.of(
                "--spool-dir",
                spoolDir.toString(),
                "--after",
                restored,
                "--count",
                Integer.toString(count),
                "--segment-size",
                Long.toString(segmentSize)));
        try {
            new ProcessBuilder(cmd)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(
                            spoolDir.resolve("prefetch.log").toFile()))
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException ignored) {
            // prefetch is an optimisation: restore already succeeded
        }
    }
}
