package dev.walferry.it.pg;

import dev.walferry.pgctl.PgWorkspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Keeps the server logs of a failed test under {@code walferry.test.out} (default {@code target/pg-logs}), in
 * {@code <TestClass>/<method>/}, with a listing of the workspace, and says where: on stderr and as a note
 * attached to the test's failure.
 */
final class FailedTestLogs {

    /** System property naming the directory that receives the logs. */
    static final String OUT_PROPERTY = "walferry.test.out";

    private FailedTestLogs() {}

    static void keep(ExtensionContext context, PgWorkspace workspace, Throwable failure) {
        Path out = Path.of(System.getProperty(OUT_PROPERTY, "target/pg-logs"))
                .resolve(context.getRequiredTestClass().getSimpleName())
                .resolve(context.getRequiredTestMethod().getName())
                .toAbsolutePath();
        try {
            Files.createDirectories(out);
            try (Stream<Path> files = Files.list(workspace.root())) {
                for (Path log : files.filter(p -> p.getFileName().toString().endsWith(".log"))
                        .toList()) {
                    Files.copy(log, out.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.writeString(out.resolve("workspace.txt"), listing(workspace.root()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the PostgreSQL logs in " + out, e);
        }
        String note = "PostgreSQL logs of " + context.getDisplayName() + " kept in " + out;
        System.err.println("[walferry] " + note);
        context.publishReportEntry("pg-logs", out.toString());
        failure.addSuppressed(new LogsKept(note));
    }

    private static String listing(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            List<Path> paths =
                    all.filter(p -> !p.toString().contains("/base/")).sorted().toList();
            return paths.stream()
                    .map(p -> "./" + root.relativize(p) + (Files.isRegularFile(p) ? "  " + size(p) : "/"))
                    .collect(Collectors.joining("\n", "", "\n"));
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }

    /** A note without a stack trace, shown among the failure's suppressed exceptions. */
    private static final class LogsKept extends Exception {
        LogsKept(String message) {
            super(message, null, false, false);
        }
    }
}
