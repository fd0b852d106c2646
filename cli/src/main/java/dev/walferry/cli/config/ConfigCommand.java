package dev.walferry.cli.config;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code walferry config}: the config files. Does nothing by itself; see its subcommands. */
@Command(
        name = "config",
        description = "Check walferry's config files.",
        subcommands = {ConfigCheckCommand.class})
public final class ConfigCommand {

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help and exit.")
    boolean help;
}
