package dev.walferry.cli.options;

import picocli.CommandLine.Option;

/** How push and push-agent send files: compression on the wire and how far they ship ahead of PostgreSQL. */
public final class PushTuningOptions {

    @Option(
            names = "--compress-level",
            paramLabel = "N",
            defaultValue = "1",
            description = "zstd level for the transfer, 0 for none (default: ${DEFAULT-VALUE}).")
    int level;

    @Option(
            names = "--ship-ahead",
            paramLabel = "N",
            defaultValue = "16",
            description = "Also push up to N other files waiting as .ready in pg_wal/archive_status, ahead of "
                    + "PostgreSQL's own calls, 0 for none. push does it with --spool-dir, on the same connection and, "
                    + "from 4 files on, a second one in parallel (default: ${DEFAULT-VALUE}).")
    int shipAhead;

    /** The zstd level; 0 sends raw bytes. */
    public int level() {
        return level;
    }

    /** How many other ready files to push ahead. */
    public int shipAhead() {
        return shipAhead;
    }
}
