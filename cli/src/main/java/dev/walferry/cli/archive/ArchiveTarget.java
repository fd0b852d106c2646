package dev.walferry.cli.archive;

import dev.walferry.cli.options.ReceiverOptions;
import java.nio.file.Path;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** Which archive an operator command works on: a local directory, or an archive through its receiver. */
public final class ArchiveTarget {

    @Option(
            names = "--dir",
            paramLabel = "DIR",
            required = true,
            description = "The archive directory on this host (read directly; safe beside a running receiver).")
    Path dir;

    @ArgGroup(exclusive = false, heading = "Through the receiver:%n")
    ReceiverOptions receiver;

    ArchiveSource open() {
        return dir != null ? LocalArchive.open(dir) : RemoteArchive.open(receiver);
    }
}
