package dev.walferry.cli.output;

import picocli.CommandLine.Option;

/** {@code --json}: the report as one JSON object of a stable shape (docs/archive-commands.md) instead of text. */
public final class JsonOption {

    @Option(names = "--json", description = "One JSON object (see docs/archive-commands.md).")
    boolean json;

    /** Whether {@code --json} was given. */
    public boolean on() {
        return json;
    }
}
