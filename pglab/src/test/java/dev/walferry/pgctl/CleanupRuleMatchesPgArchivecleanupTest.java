package dev.walferry.pgctl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.walferry.protocol.wal.CleanupRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link CleanupRule} removes exactly what the real {@code pg_archivecleanup -n} (dry run) lists, with and without
 * {@code -x .zst}, over archives of mixed segment, partial, backup, history, compressed and foreign names.
 */
class CleanupRuleMatchesPgArchivecleanupTest {

    private static final Path TOOL = PgBinaries.require().tool("pg_archivecleanup");
    private static final ProcessRunner RUNNER = new ProcessRunner(OsUser.current());

    @Property(tries = 40)
    void rule_removesExactlyWhatPgArchivecleanupRemoves(
            @ForAll("archives") List<String> files,
            @ForAll("restartNames") String restart,
            @ForAll boolean zstExtension)
            throws IOException {
        Path dir = Files.createTempDirectory("cleanup-rule");
        try {
            for (String f : files) {
                Files.writeString(dir.resolve(f), "");
            }
            List<String> cmd = new ArrayList<>(List.of(TOOL.toString(), "-n"));
            if (zstExtension) {
                cmd.addAll(List.of("-x", ".zst"));
            }
            cmd.addAll(List.of(dir.toString(), restart));
            ProcessResult r = RUNNER.run(cmd, Duration.ofSeconds(30));
            Set<String> expected = new TreeSet<>();
            r.stdout()
                    .lines()
                    .filter(l -> !l.isBlank())
                    .forEach(l -> expected.add(Path.of(l).getFileName().toString()));

            CleanupRule rule = CleanupRule.keepFrom(restart);
            Set<String> actual = new TreeSet<>();
            for (String f : files) {
                if (zstExtension ? rule.removes(f, ".zst") : rule.removes(f)) {
                    actual.add(f);
                }
            }
            assertEquals(expected, actual, "restart " + restart + ", files " + new TreeSet<>(files));
        } finally {
            try (var s = Files.list(dir)) {
                for (Path p : s.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
    }

    @Provide
    Arbitrary<List<String>> archives() {
        return archiveName().list().ofMinSize(1).ofMaxSize(25).uniqueElements();
    }

    @Provide
    Arbitrary<String> restartNames() {
        return Arbitraries.oneOf(
                segment(), segment().map(s -> s + ".partial"), segment().map(s -> s + ".00000028.backup"));
    }

    private Arbitrary<String> archiveName() {
        return Arbitraries.oneOf(
                segment(),
                segment().map(s -> s + ".partial"),
                segment().map(s -> s + ".00000060.backup"),
                segment().map(s -> s + ".zst"),
                segment().map(s -> s + ".partial.zst"),
                segment().map(s -> s.toLowerCase(java.util.Locale.ROOT)),
                Arbitraries.integers().between(1, 4).map(t -> String.format("%08X.history", t)),
                Arbitraries.of("README", "000000010000000000000001x", "0000000100000000000000"));
    }

    private static Arbitrary<String> segment() {
        return Combinators.combine(
                        Arbitraries.integers().between(1, 3),
                        Arbitraries.integers().between(0, 2),
                        Arbitraries.of(0, 1, 2, 3, 0xA, 0xFF))
                .as((t, l, s) -> String.format("%08X%08X%08X", t, l, s));
    }
}
