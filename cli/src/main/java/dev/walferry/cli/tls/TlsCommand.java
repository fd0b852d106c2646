package dev.walferry.cli.tls;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code walferry tls}: certificate tooling. Does nothing by itself; see its subcommands. */
@Command(
        name = "tls",
        description = "Create, issue and renew the certificates of a walferry deployment.",
        subcommands = {TlsInitCommand.class, TlsIssueCommand.class, TlsRenewCommand.class})
public final class TlsCommand {

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help and exit.")
    boolean help;
}
