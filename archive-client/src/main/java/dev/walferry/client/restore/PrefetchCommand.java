package dev.walferry.client.restore;

import dev.walferry.client.cli.CommonOptions;
import dev.walferry.client.cli.ReceiverOptions;
import dev.walferry.client.transport.ReceiverConnection;
import dev.walferry.protocol.wal.WalFileName;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The background half of restore prefetch: {@code walferry restore --spool-dir} starts it after delivering a
 * segment. It fetches the next segments into the spool over one connection, stopping at the first one the archive
 * does not have yet. Only one runs per spool (a file lock); a second one exits at once.
 */
@Command(name = "prefetch", hidden = true, description = "Fetch the segments after NAME into the restore spool.")
public final class PrefetchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    ReceiverOptions receiver;

    @Option(names = "--spool-dir", paramLabel = "DIR", required = true)
    Path spoolDir;

    @Option(names = "--after", paramLabel = "NAME", required = true, description = "The segment just restored.")
    String after;

    @Option(names = "--count", paramLabel = "K", defaultValue = "8")
    int count;

    @Option(names = "--segment-size", paramLabel = "BYTES", defaultValue = "16777216")
    long segmentSize;

    @Override
    public Integer call() throws IOException {
        WalFileName current = WalFileName.parse(after);
        PrefetchSpool spool = PrefetchSpool.open(spoolDir);
        try (FileChannel lockFile = FileChannel.open(spoolDir.resolve(".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = lockFile.tryLock()) {
            if (lock == null) {
                return 0;
            }
            spool.prune(current);
            int fetched = 0;
            try (ReceiverConnection c = receiver.connect()) {
                FileRestorer restorer = new FileRestorer(c, receiver.archive());
                for (WalFileName next : PrefetchSpool.following(current, segmentSize, count)) {
                    if (Files.exists(spool.pathOf(next))) {
                        continue;
                    }
                    if (!restorer.restore(next, spool.pathOf(next), 0)) {
                        break;
                    }
                    fetched++;
                }
            }
            spec.commandLine().getErr().println("walferry prefetch: after " + after + " fetched " + fetched);
            return 0;
        }
    }
}
