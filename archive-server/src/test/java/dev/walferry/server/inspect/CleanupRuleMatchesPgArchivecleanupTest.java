package dev.walferry.server.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.walferry.protocol.wal.WalFileName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real pg_archivecleanup (PostgreSQL 15) on a directory of mixed names and checks that
 * {@link CleanupRule} leaves exactly the same files. Skipped where the binary is not installed.
 */
class CleanupRuleMatchesPgArchivecleanupTest {

    private static final Path BINARY = Path.of("/usr/lib/postgresql/15/bin/pg_archivecleanup");

    @TempDir
    Path tmp;

    @Test
    void cleanupRule_leavesTheSameFilesAsPgArchivecleanup() throws Exception {
        assumeTrue(Files.isExecutable(BINARY), "pg_archivecleanup not installed");
        Random random = new Random(42);
        List<String> names = names(random);
        List<String> restartFiles = new ArrayList<>(List.of("000000020000000000000005",
                "000000010000000000000003.partial", "000000030000000100000002.00000028.backup",
                "000000010000000000000000", "0000000A0000000200000000"));
        for (int i = 0; i < 5; i++) {
            restartFiles.add(names.get(random.nextInt(names.size())).replace(".history", "0000000000000004")
                    .substring(0, 24));
        }
        int run = 0;
        for (String r : restartFiles) {
            Path real = tmp.resolve("real" + run);
            Path ours = tmp.resolve("ours" + run++);
            populate(real, names);
            populate(ours, names);
            Process p = new ProcessBuilder(BINARY.toString(), real.toString(), r).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes());
            assumeTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), output);
            CleanupRule rule = CleanupRule.keepingFrom(r, false);
            for (WalFileName n : rule.select(names.stream().map(WalFileName::parse).toList())) {
                Files.delete(ours.resolve(n.toString()));
            }
            assertEquals(listing(real), listing(ours), "restart file " + r);
        }
    }

    private static List<String> names(Random random) {
        TreeSet<String> out = new TreeSet<>();
        for (int i = 0; i < 60; i++) {
            long tli = 1 + random.nextInt(3);
            long log = random.nextInt(3);
            long seg = random.nextInt(8);
            String segment = String.format("%08X%08X%08X", tli, log, seg);
            switch (random.nextInt(6)) {
                case 0 -> out.add(segment + ".partial");
                case 1 -> out.add(segment + String.format(".%08X.backup", random.nextInt(1 << 20)));
                case 2 -> out.add(String.format("%08X.history", tli + 1));
                default -> out.add(segment);
            }
        }
        return List.copyOf(out);
    }

    private static void populate(Path dir, List<String> names) throws IOException {
        Files.createDirectories(dir.resolve(".walferry"));
        for (String n : names) {
            Files.write(dir.resolve(n), new byte[] {1});
        }
    }

    private static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
