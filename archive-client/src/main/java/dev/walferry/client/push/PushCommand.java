package dev.walferry.client.push;

import dev.walferry.client.cli.CommonOptions;
import dev.walferry.client.cli.ReceiverOptions;
import dev.walferry.client.transport.ReceiverConnection;
import dev.walferry.protocol.message.Status;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code archive_command = 'walferry push ... %p %f'}: exits 0 only after the receiver acknowledged that the
 * file and its directory are fsynced under the right name with the same SHA-256 (DESIGN A1).
 */
@Command(name = "push", description = {"Archive one WAL file (use as archive_command with %p %f).",
        "Exits 0 only when the receiver has stored the file durably."})
public final class PushCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    ReceiverOptions receiver;

    @Option(names = "--compress-level", paramLabel = "N", defaultValue = "1",
            description = "zstd level for the transfer, 0 for none (default: ${DEFAULT-VALUE}).")
    int level;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing on success.")
    boolean quiet;

    @Parameters(index = "0", paramLabel = "PATH", description = "The file to archive (%p).")
    Path path;

    @Parameters(index = "1", paramLabel = "NAME", description = "Its name in the archive (%f).")
    String name;

    @Override
    public Integer call() {
        long start = System.nanoTime();
        LocalWalFile file = LocalWalFile.check(path, name);
        Acknowledgement ack;
        try (ReceiverConnection c = receiver.connect(); SegmentPusher pusher = new SegmentPusher(c, receiver.archive(),
                level)) {
            ack = pusher.push(file);
        }
        if (!quiet) {
            long ms = (System.nanoTime() - start) / 1_000_000;
            spec.commandLine().getErr().println("walferry push: " + (ack.status() == Status.STORED ? "stored " :
                    "already archived (identical) ") + ack.name() + " in archive " + receiver.archive() + ": "
                    + ack.size() + " bytes, " + ack.wireBytes() + " on the wire, " + ms + " ms");
        }
        return 0;
    }
}
