package dev.walferry.it.fault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The fault suite's results table: one row per fault, appended to {@code target/fault-report.md} (next to the
 * test output) and printed, so that a run's numbers can be quoted. Lost, corrupt and partial must be 0.
 */
final class FaultLedger {

    private static final Path REPORT =
            Path.of(System.getProperty("walferry.test.out", "target/pg-logs")).resolveSibling("fault-report.md");

    private FaultLedger() {}

    /**
     * @param trials       fault injections (pushes, restores or connections exposed to the fault)
     * @param acknowledged of those, how many the client reported as success (exit 0)
     */
    static synchronized void record(String fault, int trials, int acknowledged, int lost, int corrupt, int partial) {
        String row =
                String.format("| %s | %d | %d | %d | %d | %d |%n", fault, trials, acknowledged, lost, corrupt, partial);
        System.out.print("fault-suite: " + row);
        try {
            Files.createDirectories(REPORT.getParent());
            if (!Files.exists(REPORT)) {
                Files.writeString(
                        REPORT,
                        "| fault | trials | acknowledged | lost | corrupt | partial visible |\n"
                                + "|---|---|---|---|---|---|\n");
            }
            Files.writeString(REPORT, row, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
