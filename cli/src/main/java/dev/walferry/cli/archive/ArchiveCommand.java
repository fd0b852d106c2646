package dev.walferry.cli.archive;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code walferry archive}: the operator commands, on a local archive directory ({@code --dir}) or through the
 * receiver ({@code --server --archive} with the client TLS options). See docs/archive-commands.md.
 */
@Command(
        name = "archive",
        description = "Inspect, verify and clean up an archive, locally (--dir) or through the receiver (--server).",
        subcommands = {
            ListCommand.class,
            StatusCommand.class,
            ShowCommand.class,
            VerifyCommand.class,
            CleanupCommand.class
        })
public final class ArchiveCommand {

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help and exit.")
    boolean help;
}
