package dev.walferry.cli.options;

import dev.walferry.client.failure.ExitCode;
import dev.walferry.client.failure.WalferryException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --spool-dir DIR}: the spool directory of push, push-agent, restore and prefetch (docs/spool.md). */
public final class SpoolDirOption {

    @Option(
            names = "--spool-dir",
            paramLabel = "DIR",
            description = "Spool directory, a directory of the postgres user (docs/spool.md). push: keeps the "
                    + "acknowledgements of files shipped ahead and asks the push-agent of DIR; push-agent (required): "
                    + "serves the pushes of DIR (one agent per directory, created with mode 0700); restore: keeps the "
                    + "segments prefetched ahead of replay (best on the file system of pg_wal).")
    Path dir;

    /** The directory, or null when not given. */
    public Path dir() {
        return dir;
    }

    /**
     * The directory of a command that cannot work without one.
     *
     * @throws WalferryException (USAGE) naming the command when it was not given
     */
    public Path required(String command) {
        if (dir == null) {
            throw new WalferryException(ExitCode.USAGE, command + " needs --spool-dir DIR (docs/spool.md)");
        }
        return dir;
    }
}
