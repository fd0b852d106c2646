package dev.walferry.cli.archive;

import dev.walferry.cli.output.Json;
import dev.walferry.cli.output.JsonOption;
import dev.walferry.client.failure.ExitCode;
import dev.walferry.client.failure.WalferryException;
import dev.walferry.server.inspect.ArchiveStatus;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code walferry archive status}: the archive at a glance; exits {@link ExitCode#UNHEALTHY} on a gap, a timeline
 * without history, a size that differs from its checksum record, or (with {@code --max-age}) a stale newest
 * arrival, so that it can serve as a monitoring check.
 */
@Command(
        name = "status",
        description = {
            "Show the archive's cluster, timelines, newest arrival, sizes and gaps.",
            "Exits 15 when unhealthy (gap, missing history, size mismatch, newest older than --max-age)."
        })
final class StatusCommand extends ArchiveSubcommand {

    @Option(
            names = "--max-age",
            paramLabel = "DURATION",
            description = "Unhealthy when the newest arrival is older than this (seconds, or 90s, 15m, 2h, 1d).")
    String maxAge;

    @Mixin
    JsonOption output;

    @Override
    public Integer call() {
        long limit = -1;
        if (maxAge != null) {
            try {
                limit = Text.parseSeconds(maxAge);
            } catch (IllegalArgumentException e) {
                throw new WalferryException(ExitCode.USAGE, "--max-age: " + e.getMessage());
            }
        }
        ArchiveStatus status;
        String where;
        try (ArchiveSource source = target.open()) {
            where = source.describe();
            status = source.status();
        }
        List<String> problems = status.problems(limit);
        PrintWriter out = spec.commandLine().getOut();
        out.println(output.on() ? Json.write(StatusJson.of(status, problems)) : StatusText.of(where, status, problems));
        out.flush();
        return problems.isEmpty() ? ExitCode.OK.code() : ExitCode.UNHEALTHY.code();
    }
}
