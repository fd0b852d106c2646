package dev.walferry.cli.cds;

import dev.walferry.cli.Main;
import dev.walferry.protocol.wal.SyntheticSegments;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The training run behind {@code walferry cds} (hidden; the launcher runs it with {@code -XX:DumpLoadedClassList}):
 * does what one archive_command and one restore_command call do, with the normal command code, so that the class
 * list holds the classes of the per-call path: picocli parsing, push (also ship-ahead), the TLS client, the
 * protocol codec, zstd, SHA-256, restore. A receiver with throw-away certificates runs in a child JVM
 * ({@link TrainingReceiver}) on 127.0.0.1; everything lives in a temporary directory that is removed at the end.
 * Needs no PostgreSQL and takes a few seconds. Exit 0 when every step succeeded.
 */
public final class CdsTraining {

    private static final long TRAINING_SYSTEM_ID = 7_000_000_000_000_000_000L;

    private CdsTraining() {}

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("walferry-cds-");
        int rc;
        try {
            rc = train(dir);
        } finally {
            deleteTree(dir); // throw-away CA and keys: never left behind
        }
        System.exit(rc);
    }

    private static int train(Path dir) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path receiverLog = dir.resolve("receiver.log");
        Process rx = new ProcessBuilder(
                        java.toString(),
                        "-XX:+UseSerialGC",
                        "-XX:TieredStopAtLevel=1",
                        "-cp",
                        System.getProperty("java.class.path"),
                        TrainingReceiver.class.getName(),
                        dir.toString())
                .redirectError(receiverLog.toFile())
                .start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(rx.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            if (line == null || !line.startsWith("port ")) {
                rx.waitFor(5, TimeUnit.SECONDS);
                System.err.println(
                        "walferry cds: the training receiver did not start: " + Files.readString(receiverLog));
                return 1;
            }
            return calls(dir, "127.0.0.1:" + line.substring(5).trim());
        } finally {
            rx.getOutputStream().close();
            if (!rx.waitFor(10, TimeUnit.SECONDS)) {
                rx.destroyForcibly();
            }
        }
    }

    /** The client calls: a push with ship-ahead, a plain one, a restore, --version and push --help. */
    private static int calls(Path dir, String server) throws IOException {
        Path pgWal = Files.createDirectories(dir.resolve("pg_wal"));
        Path status = Files.createDirectories(pgWal.resolve("archive_status"));
        Path spool = Files.createDirectories(dir.resolve("spool"));
        List<String> names = new ArrayList<>();
        for (long segno = 1; segno <= 3; segno++) {
            String name = name(segno);
            Files.write(pgWal.resolve(name), segment(segno));
            Files.createFile(status.resolve(name + ".ready"));
            names.add(name);
        }
        List<String> client = List.of(
                "--server",
                server,
                "--archive",
                "main",
                "--tls-dir",
                dir.resolve("tls").toString(),
                "--identity",
                "primary",
                "--timeout",
                "20");
        String first = names.get(0);
        String third = names.get(2);
        run(command(
                List.of("push"),
                client,
                List.of(
                        "--spool-dir",
                        spool.toString(),
                        "--ship-ahead",
                        "1",
                        pgWal.resolve(first).toString(),
                        first)));
        run(command(
                List.of("push"),
                client,
                List.of("--timing", pgWal.resolve(third).toString(), third)));
        Path restored = dir.resolve("restored");
        run(command(List.of("restore"), client, List.of(first, restored.toString())));
        if (!Arrays.equals(Files.readAllBytes(restored), Files.readAllBytes(pgWal.resolve(first)))) {
            throw new IllegalStateException("the restored segment differs from the pushed one");
        }
        run(new String[] {"--version"});
        run(new String[] {"push", "--help"});
        return 0;
    }

    private static String[] command(List<String> a, List<String> b, List<String> c) {
        return Stream.of(a, b, c).flatMap(List::stream).toArray(String[]::new);
    }

    private static void run(String[] args) {
        StringWriter text = new StringWriter();
        PrintWriter w = new PrintWriter(text, true);
        int code = Main.run(args, w, w);
        if (code != 0) {
            throw new IllegalStateException("walferry " + String.join(" ", args) + " exited " + code + ": " + text);
        }
    }

    /** A 1 MiB segment with a valid long page header and random filler (training data, never a real cluster's). */
    private static byte[] segment(long segno) {
        return SyntheticSegments.segment(SyntheticSegments.name(1, segno), TRAINING_SYSTEM_ID, segno);
    }

    private static String name(long segno) {
        return SyntheticSegments.name(1, segno).toString();
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
