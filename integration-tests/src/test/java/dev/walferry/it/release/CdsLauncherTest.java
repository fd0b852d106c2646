package dev.walferry.it.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.walferry.pgctl.OsUser;
import dev.walferry.pgctl.ProcessResult;
import dev.walferry.pgctl.ProcessRunner;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start-up cache lib/walferry.jsa (docs/performance.md) in an unpacked release tarball: {@code walferry cds}
 * makes it, the launcher passes it to short-lived commands (the JVM then loads walferry's classes from it) but not to
 * serve or prefetch, and a corrupt, truncated or moved archive is ignored without a word on stdout or stderr.
 */
class CdsLauncherTest {

    static final Duration TIMEOUT = Duration.ofMinutes(2);
    static final String VERSION_LINE = "walferry ";

    @TempDir
    Path tmp;

    final ProcessRunner run = new ProcessRunner(OsUser.current());

    @Test
    void walferryCds_makesAnArchiveTheLauncherUses_andABrokenOrMovedOneIsIgnoredSilently() throws Exception {
        Path home = unpack(tmp.resolve("a"));
        Path jsa = home.resolve("lib/walferry.jsa");
        assertFalse(Files.exists(jsa), "the tarball holds no archive (it is tied to the install path)");
        assertFalse(fromArchive(home), "no archive, nothing shared");

        // Two at once (two archive_command calls): both succeed, and what is left is a whole, usable archive.
        CompletableFuture<ProcessResult> other = CompletableFuture.supplyAsync(() -> launcher(home, "cds"));
        ProcessResult cds = launcher(home, "cds");
        assertEquals(0, cds.exitCode(), cds.outputTail());
        assertEquals(0, other.get().exitCode(), other.get().outputTail());
        assertTrue(Files.size(jsa) > 1_000_000 && Files.exists(home.resolve("lib/walferry.jsa.key")));
        try (var leftovers = Files.list(home.resolve("lib"))) {
            assertTrue(leftovers.noneMatch(p -> p.getFileName().toString().startsWith(".walferry.jsa")));
        }
        assertTrue(fromArchive(home), "walferry's own classes come from lib/walferry.jsa");
        assertTrue(flags(home, "push", "--help").contains("-XX:SharedArchiveFile="));
        assertFalse(flags(home, "serve", "--help").contains("SharedArchiveFile"), "never for the receiver");
        assertFalse(flags(home, "prefetch", "--help").contains("SharedArchiveFile"), "never for the prefetcher");

        // Garbage of the same size and time stamp: the launcher passes it, the JVM rejects it silently.
        FileTime mtime = Files.getLastModifiedTime(jsa);
        try (RandomAccessFile f = new RandomAccessFile(jsa.toFile(), "rw")) {
            f.seek(0);
            f.write(new byte[64 * 1024]);
        }
        Files.setLastModifiedTime(jsa, mtime);
        assertTrue(flags(home, "push", "--help").contains("-XX:SharedArchiveFile="));
        assertFalse(fromArchive(home));

        // Truncated (a JDK 17 JVM can crash on one): not passed at all.
        assertEquals(0, launcher(home, "cds").exitCode());
        try (RandomAccessFile f = new RandomAccessFile(jsa.toFile(), "rw")) {
            f.setLength(100_000);
        }
        assertFalse(flags(home, "push", "--help").contains("SharedArchiveFile"));
        assertFalse(fromArchive(home));

        // The whole installation moved: the archive no longer matches and is not passed; `walferry cds` redoes it.
        assertEquals(0, launcher(home, "cds").exitCode());
        Path moved = tmp.resolve("moved");
        Files.move(tmp.resolve("a"), moved);
        Path movedHome = moved.resolve(home.getFileName());
        assertFalse(flags(movedHome, "push", "--help").contains("SharedArchiveFile"));
        assertFalse(fromArchive(movedHome));
        assertEquals(0, launcher(movedHome, "cds").exitCode());
        assertTrue(fromArchive(movedHome));
    }

    /**
     * Runs {@code walferry --version} with class loading logged to a file and checks that it exits 0 and prints
     * nothing but the version; true when the JVM loaded the command-line class from the archive.
     */
    private boolean fromArchive(Path home) throws Exception {
        Path log = tmp.resolve("class-load.log");
        Files.deleteIfExists(log);
        ProcessResult r = launcher(home, List.of("WALFERRY_JAVA_OPTS=-Xlog:class+load=info:file=" + log), "--version");
        assertEquals(0, r.exitCode(), r.outputTail());
        assertEquals("", r.stderr());
        assertTrue(r.stdout().startsWith(VERSION_LINE) && r.stdout().lines().count() == 1, r.stdout());
        return Files.readAllLines(log).stream()
                .anyMatch(l -> l.contains(" dev.walferry.cli.Main source: shared objects file"));
    }

    /**
     * The JVM flags the launcher sets for {@code args} (help output only, nothing runs). +DisplayVMOutput: push,
     * restore and prefetch run with the VM's output off (docs/postgres-contract.md, "Signals").
     */
    private String flags(Path home, String... args) {
        ProcessResult r = launcher(
                home,
                List.of("WALFERRY_JAVA_OPTS=-XX:+UnlockDiagnosticVMOptions "
                        + "-XX:+DisplayVMOutput -XX:+PrintCommandLineFlags"),
                args);
        assertEquals(0, r.exitCode(), r.outputTail());
        assertEquals("", r.stderr());
        return r.stdout().lines().findFirst().orElse("");
    }

    private ProcessResult launcher(Path home, String... args) {
        return launcher(home, List.of(), args);
    }

    private ProcessResult launcher(Path home, List<String> env, String... args) {
        List<String> c = new ArrayList<>(List.of("env"));
        c.addAll(env);
        c.add(home.resolve("bin/walferry").toString());
        c.addAll(List.of(args));
        return run.runAllowingFailure(c, TIMEOUT);
    }

    private Path unpack(Path dir) throws Exception {
        Path tarball = Path.of(System.getProperty("walferry.tarball", "missing"))
                .toAbsolutePath()
                .normalize();
        if (!Files.isRegularFile(tarball)) {
            throw new IllegalStateException(tarball + " is missing: run 'mvn package' from the top directory first");
        }
        Files.createDirectories(dir);
        run.run(List.of("tar", "-xzf", tarball.toString(), "-C", dir.toString()), TIMEOUT);
        return dir.resolve(tarball.getFileName().toString().replaceFirst("\\.tar\\.gz$", ""));
    }
}
