package dev.walferry.cli.archive;

import dev.walferry.cli.output.Json;
import dev.walferry.cli.output.JsonOption;
import dev.walferry.client.failure.ExitCode;
import dev.walferry.server.inspect.Finding;
import dev.walferry.server.inspect.Verifier;
import dev.walferry.server.inspect.VerifyReport;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code walferry archive verify}: re-hashes every stored file and checks continuity per timeline; exits
 * {@link ExitCode#UNHEALTHY} on any finding.
 */
@Command(
        name = "verify",
        description = {
            "Re-hash every archived file against its recorded SHA-256 and check for",
            "files without a record, leftover temp files and gaps per timeline (following .history files).",
            "Exits 15 on any problem."
        })
final class VerifyCommand extends ArchiveSubcommand {

    @Option(
            names = "--jobs",
            paramLabel = "N",
            defaultValue = "2",
            description = "Files hashed in parallel (default: ${DEFAULT-VALUE}; at most 16 through the receiver).")
    int jobs;

    @Mixin
    JsonOption output;

    @Option(names = "--no-progress", description = "No progress bar, even on a terminal.")
    boolean noProgress;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        boolean showProgress = !output.on() && !noProgress && System.console() != null;
        ProgressBar bar = new ProgressBar(err, "verify");
        Verifier.Progress progress = showProgress ? bar::update : (done, total) -> {};
        VerifyReport report;
        String where;
        try (ArchiveSource source = target.open()) {
            where = source.describe();
            report = source.verify(Math.max(1, jobs), progress);
        } finally {
            bar.finish();
        }
        PrintWriter out = spec.commandLine().getOut();
        if (output.on()) {
            out.println(Json.write(toJson(report)));
        } else {
            for (Finding f : report.findings()) {
                out.println(f.kind().wireName() + " " + f.subject() + ": " + f.detail());
            }
            out.println(where + ": " + report.files() + " files (" + Text.bytes(report.bytes()) + ") verified, "
                    + (report.ok()
                            ? "no problems"
                            : report.findings().size() + " problem"
                                    + (report.findings().size() == 1 ? "" : "s")));
        }
        out.flush();
        return report.ok() ? ExitCode.OK.code() : ExitCode.UNHEALTHY.code();
    }

    private static Map<String, Object> toJson(VerifyReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ok", r.ok());
        m.put("files", r.files());
        m.put("bytes", r.bytes());
        m.put(
                "findings",
                r.findings().stream()
                        .map(f -> {
                            Map<String, Object> x = new LinkedHashMap<>();
                            x.put("kind", f.kind().wireName());
                            x.put("subject", f.subject());
                            x.put("detail", f.detail());
                            return x;
                        })
                        .toList());
        return m;
    }
}
