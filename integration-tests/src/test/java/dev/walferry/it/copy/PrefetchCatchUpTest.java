package dev.walferry.it.copy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.walferry.it.ReceiverProcess;
import dev.walferry.it.WalferryInstall;
import dev.walferry.it.pg.RealPostgres;
import dev.walferry.pgctl.Await;
import dev.walferry.pgctl.PgWorkspace;
import dev.walferry.protocol.wal.SyntheticSegments;
import dev.walferry.protocol.wal.WalFileName;
import dev.walferry.server.storage.ArchiveStorage;
import dev.walferry.server.storage.DirectoryStorage;
import dev.walferry.server.storage.StorageOptions;
import dev.walferry.server.storage.TestArchives;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A sequential catch-up through the installed launcher with {@code --spool-dir} (docs/performance.md, Restore
 * prefetch): 200 restore_command calls one after the other, as PostgreSQL's startup process makes them
 * ({@code bin/walferry restore --spool-dir DIR ... %f pg_wal/RECOVERYXLOG}). The prefetcher must stay ahead, so that
 * at least 95 % of the calls are the launcher's rename (no JVM), and within its window, so that the receiver sends
 * each segment once. JVM starts are counted by a {@code JAVA_HOME} whose {@code java} logs its arguments.
 */
@RealPostgres
class PrefetchCatchUpTest {

    private static final int SEGMENTS = 200;
    private static final int FIRST = 0x40;

    @Test
    void sequentialCatchUp_mostRestoresTakeTheFastPath_andEachSegmentIsSentOnce(PgWorkspace ws) throws Exception {
        Path archive = ws.root().resolve("archive");
        Map<String, byte[]> segments = new TreeMap<>();
        try (ArchiveStorage storage = DirectoryStorage.open("main", archive, StorageOptions.defaults())) {
            for (int i = 0; i < SEGMENTS; i++) {
                WalFileName n = SyntheticSegments.name(1, FIRST + i);
                byte[] content = SyntheticSegments.segment(n, i);
                TestArchives.store(storage, n, content);
                segments.put(n.toString(), content);
            }
        }
        WalferryInstall w = WalferryInstall.into(ws);
        Path javaHome =
                countingJavaHome(ws.root().resolve("java-home"), ws.root().resolve("jvm-starts.log"));
        Path spool = ws.root().resolve("spool");
        Path pgWal = Files.createDirectories(ws.root().resolve("data").resolve("pg_wal"));
        Path dest = pgWal.resolve("RECOVERYXLOG");
        try (ReceiverProcess rx = ReceiverProcess.start(w, ws.root().resolve("receiver.log"), "main=" + archive)) {
            List<String> options = new ArrayList<>(w.clientOptions(rx, "main", "standby"));
            options.addAll(List.of("--spool-dir", spool.toString()));
            long t0 = System.nanoTime();
            for (Map.Entry<String, byte[]> s : segments.entrySet()) {
                List<String> args = new ArrayList<>(List.of("restore"));
                args.addAll(options);
                args.addAll(List.of(s.getKey(), "pg_wal/RECOVERYXLOG"));
                ProcessBuilder pb = new ProcessBuilder(w.command(args.toArray(String[]::new)))
                        .directory(pgWal.getParent().toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(
                                ws.root().resolve("restores.log").toFile()));
                pb.environment().put("JAVA_HOME", javaHome.toString());
                Process p = pb.start();
                assertTrue(p.waitFor(60, TimeUnit.SECONDS), "restore of " + s.getKey() + " hung");
                assertEquals(
                        0, p.exitValue(), s.getKey() + ": " + read(ws.root().resolve("restores.log")));
                assertArrayEquals(s.getValue(), Files.readAllBytes(dest), s.getKey() + " restored intact");
                Files.delete(dest); // PostgreSQL replays RECOVERYXLOG and removes it before the next call
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

            List<String> starts = Files.readAllLines(ws.root().resolve("jvm-starts.log"));
            long jvmRestores =
                    starts.stream().filter(l -> l.contains(" restore ")).count();
            long prefetchers =
                    starts.stream().filter(l -> l.contains(" prefetch ")).count();
            long fast = SEGMENTS - jvmRestores;
            System.out.printf(
                    "prefetch catch-up: %d segments in %d ms (%.1f ms/segment), %d fast path, %d JVM "
                            + "restores, %d prefetcher starts%n",
                    SEGMENTS, millis, (double) millis / SEGMENTS, fast, jvmRestores, prefetchers);
            assertTrue(
                    fast * 100 >= SEGMENTS * 95L,
                    fast + " of " + SEGMENTS + " restores took the fast path (" + jvmRestores
                            + " started a JVM); prefetch.log:\n" + read(spool.resolve("prefetch.log")));

            String last = SyntheticSegments.name(1, FIRST + SEGMENTS - 1).toString();
            Await.until("the receiver to log its GETs", Duration.ofSeconds(30), () -> rx.logLines().stream()
                    .anyMatch(l -> l.contains("sending main/" + last)));
            Map<String, Integer> sent = new TreeMap<>();
            for (String l : rx.logLines()) {
                int i = l.indexOf("sending main/");
                if (i >= 0) {
                    String name = l.substring(i + "sending main/".length()).split(" ")[0];
                    sent.merge(name, 1, Integer::sum);
                }
            }
            Map<String, Integer> twice = new TreeMap<>(sent);
            twice.values().removeIf(c -> c == 1);
            assertEquals(Map.of(), twice, "segments the receiver sent more than once");
            assertTrue(segments.keySet().containsAll(sent.keySet()), "sent only archived segments");
            assertTrue(sent.size() <= SEGMENTS, sent.size() + " files sent for " + SEGMENTS + " restores");
        }
    }

    /** A JAVA_HOME whose bin/java appends its arguments to {@code log}, then runs this JVM's java. */
    private static Path countingJavaHome(Path home, Path log) throws Exception {
        Path bin = Files.createDirectories(home.resolve("bin"));
        Path java = bin.resolve("java");
        String real = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Files.writeString(java, "#!/bin/sh\necho \"$*\" >> '" + log + "'\nexec '" + real + "' \"$@\"\n");
        assertTrue(java.toFile().setExecutable(true));
        Files.writeString(log, "");
        return home;
    }

    private static String read(Path p) throws java.io.IOException {
        return Files.exists(p) ? Files.readString(p) : "";
    }
}
