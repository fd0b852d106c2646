package dev.walferry.cli.options;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every command takes. */
public final class CommonOptions {

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "Read option defaults from FILE (key = long option name without dashes; "
                    + "'<command>.<key>' applies to one command only). Options on the command line win.")
    Path config;

    @Option(
            names = {"-v", "--verbose"},
            description = "Show stack traces and debug logging.")
    boolean verbose;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help and exit.")
    boolean help;

    public boolean verbose() {
        return verbose;
    }
}
