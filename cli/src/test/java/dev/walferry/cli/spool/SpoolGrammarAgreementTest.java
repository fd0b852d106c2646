package dev.walferry.cli.spool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.walferry.client.spool.Ack;
import dev.walferry.client.spool.AckSpool;
import dev.walferry.client.spool.FileStamp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's fast path (src/dist/walferry-fastpath.sh, {@code ack_matches}) and the Java push
 * ({@link AckSpool#acknowledged}) read the same NAME.ack files (grammar: docs/spool.md) and must reach the same
 * verdict on each: a shell that accepts an ack Java rejects would skip a push Java would make. Each case writes one
 * spool file, asks both, and also checks the verdict the grammar gives, so that two equally broken parsers fail too.
 */
class SpoolGrammarAgreementTest {

    private static final Path FASTPATH = Path.of("src/dist/walferry-fastpath.sh");
    private static final String NAME = "000000010000000000000001";
    private static final String TARGET = "main@127.0.0.1:7632";

    @TempDir
    Path tmp;

    /** One spool file: the ack's content made from the valid one, what the call asks, the grammar's verdict. */
    private record Case(
            String what, UnaryOperator<String> ack, String name, String target, boolean expected, Setup setup) {}

    /** Changes the WAL file before the ack is made (mtime) or after (replaced); gives the path the call names. */
    private interface Setup {
        Path apply(Path wal) throws IOException;
    }

    private static final Setup NONE = wal -> wal;

    private static Case ack(String what, UnaryOperator<String> ack, boolean expected) {
        return new Case(what, ack, NAME, TARGET, expected, NONE);
    }

    private static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        c.add(ack("valid", a -> a, true));
        c.add(ack("size + 1", a -> field(a, 0, v -> Long.toString(Long.parseLong(v) + 1)), false));
        c.add(ack("mtime + 1 ns", a -> field(a, 2, v -> Long.toString(Long.parseLong(v) + 1)), false));
        c.add(ack("mtime - 1 s", a -> field(a, 2, v -> Long.toString(Long.parseLong(v) - 1_000_000_000L)), false));
        c.add(ack("other inode", a -> field(a, 3, v -> Long.toString(Long.parseLong(v) + 1)), false));
        c.add(ack("other target", a -> field(a, 4, v -> "other@127.0.0.1:7632"), false));
        c.add(ack("target with a suffix", a -> field(a, 4, v -> v + "0"), false));
        c.add(ack("target cut short", a -> field(a, 4, v -> v.substring(0, v.length() - 1)), false));
        c.add(ack(
                "other sha256 (not checked: the receiver's, not the file's now)",
                a -> field(a, 1, v -> "0".repeat(64)),
                true));
        c.add(ack("truncated in the sha256", a -> a.substring(0, 30), false));
        c.add(ack("truncated before the target", a -> a.substring(0, a.lastIndexOf(' ') + 1) + "\n", false));
        c.add(ack("no final newline", a -> a.substring(0, a.length() - 1), false));
        c.add(ack("empty", a -> "", false));
        c.add(ack("just a newline", a -> "\n", false));
        c.add(ack("extra field", a -> a.replace("\n", " extra\n"), false));
        c.add(ack("second line", a -> a + "second line\n", false));
        c.add(ack("second line without newline", a -> a + "x", false));
        c.add(ack("blank second line", a -> a + "\n", false));
        c.add(ack("CRLF", a -> a.replace("\n", "\r\n"), false));
        c.add(ack("tab between fields", a -> a.replaceFirst(" ", "\t"), false));
        c.add(ack("two spaces between fields", a -> a.replaceFirst(" ", "  "), false));
        c.add(ack("leading space", a -> " " + a, false));
        c.add(ack("trailing space", a -> a.replace("\n", " \n"), false));
        c.add(ack("leading zero in size", a -> field(a, 0, v -> "0" + v), false));
        c.add(ack("plus sign in size", a -> field(a, 0, v -> "+" + v), false));
        c.add(ack("negative inode", a -> field(a, 3, v -> "-" + v), false));
        c.add(ack("inode above 2^63-1", a -> field(a, 3, v -> "9300000000000000000"), false));
        c.add(ack("size of 25 digits", a -> field(a, 0, v -> "1".repeat(25)), false));
        c.add(ack("upper-case sha256", a -> field(a, 1, String::toUpperCase), false));
        c.add(ack("sha256 of 63 digits", a -> field(a, 1, v -> v.substring(1)), false));
        c.add(ack("sha256 of 65 digits", a -> field(a, 1, v -> v + "0"), false));
        c.add(ack("empty sha256", a -> field(a, 1, v -> ""), false));
        c.add(ack("NUL before the newline", a -> a.replace("\n", "\0\n"), false));
        c.add(ack("NUL inside the size", a -> "\0" + a, false));
        c.add(ack("NUL after the newline", a -> a + "\0", false));
        c.add(ack("Latin-1 byte in the target", a -> field(a, 4, v -> v + "\u00ff"), false));
        c.add(ack("DEL in the target", a -> field(a, 4, v -> v + "\u007f"), false));
        c.add(new Case(
                "UTF-8 target, the call's too",
                a -> field(a, 4, v -> "m\u00c3\u00a9@h:1"),
                NAME,
                "m\u00e9@h:1",
                false,
                NONE));
        c.add(new Case(
                "name with a character the launcher never asks about", a -> a, NAME + "_x", TARGET, false, NONE));
        c.add(new Case("name of 65 characters", a -> a, "0".repeat(65), TARGET, false, NONE));
        c.add(new Case("name of 64 characters", a -> a, "0".repeat(64), TARGET, true, NONE));
        c.add(new Case("non-ASCII name", a -> a, NAME + "\u00e9", TARGET, false, NONE));
        c.add(new Case("history file name", a -> a, "00000002.history", TARGET, true, NONE));
        c.add(new Case(
                "modification time below one second", a -> a, NAME, TARGET, true, wal -> touch(wal, 500_000_000L)));
        c.add(new Case("modification time 0", a -> a, NAME, TARGET, true, wal -> touch(wal, 0)));
        c.add(new Case(
                "modification time with whole seconds",
                a -> a,
                NAME,
                TARGET,
                true,
                wal -> touch(wal, 1_700_000_000_000_000_000L)));
        return c;
    }

    @Test
    void theLauncherAndJavaAgreeOnEveryAck() throws Exception {
        assertTrue(Files.isRegularFile(FASTPATH), FASTPATH.toAbsolutePath() + " is missing");
        List<String> shells = new ArrayList<>(List.of("/bin/sh"));
        if (Files.isExecutable(Path.of("/bin/bash"))) {
            shells.add("/bin/bash");
        }
        List<String> wrong = new ArrayList<>();
        int i = 0;
        for (Case c : cases()) {
            Path dir = Files.createDirectory(tmp.resolve("case" + i++));
            Spooled s = spool(dir, c);
            boolean java = AckSpool.open(s.spool()).acknowledged(c.name(), s.wal(), c.target());
            if (java != c.expected()) {
                wrong.add(c.what() + ": Java says " + java + ", docs/spool.md " + c.expected());
            }
            for (String sh : shells) {
                boolean shell = shellVerdict(sh, s.wal(), c.name(), s.spool(), c.target());
                if (shell != java) {
                    wrong.add(c.what() + ": " + sh + " says " + shell + ", Java " + java);
                }
            }
        }
        assertEquals(List.of(), wrong, "ack verdicts of the shell fast path and Java differ (docs/spool.md)");
    }

    @Test
    void aFileReplacedAfterItsAckDoesNotMatch_andASymlinkToTheAckedFileDoes() throws Exception {
        Spooled s = spool(tmp, ack("valid", a -> a, true));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), s.wal());
        assertTrue(AckSpool.open(s.spool()).acknowledged(NAME, link, TARGET));
        assertTrue(shellVerdict("/bin/sh", link, NAME, s.spool(), TARGET));

        Path copy = tmp.resolve("copy");
        Files.copy(s.wal(), copy, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        Files.move(copy, s.wal(), java.nio.file.StandardCopyOption.REPLACE_EXISTING); // same bytes, new inode
        assertEquals(false, AckSpool.open(s.spool()).acknowledged(NAME, s.wal(), TARGET));
        assertEquals(false, shellVerdict("/bin/sh", s.wal(), NAME, s.spool(), TARGET));
    }

    private record Spooled(Path spool, Path wal) {}

    /** A WAL file and, when the case's name can be a file name here, its ack made from the file's stamp. */
    private static Spooled spool(Path dir, Case c) throws IOException {
        Path spool = Files.createDirectory(dir.resolve("spool"));
        Path wal = Files.createDirectory(dir.resolve("pg_wal")).resolve(NAME);
        Files.write(wal, new byte[8192]);
        wal = c.setup().apply(wal);
        FileStamp st = FileStamp.of(wal);
        byte[] sha256 = new byte[32];
        Arrays.fill(sha256, (byte) 0xab);
        String valid = new String(Ack.of(st.size(), sha256, st, TARGET).format(), StandardCharsets.US_ASCII);
        try {
            Files.write(spool.resolve(c.name() + ".ack"), c.ack().apply(valid).getBytes(StandardCharsets.ISO_8859_1));
        } catch (InvalidPathException notHere) {
            // a name this JVM's file-name encoding cannot write: both sides must still say no
        }
        return new Spooled(spool, wal);
    }

    /** Replaces field {@code index} (0: size ... 4: target) of an ack line. */
    private static String field(String ack, int index, UnaryOperator<String> change) {
        String[] f = ack.substring(0, ack.length() - 1).split(" ", -1);
        f[index] = change.apply(f[index]);
        return String.join(" ", f) + "\n";
    }

    private static Path touch(Path wal, long epochNanos) throws IOException {
        Files.setLastModifiedTime(wal, FileTime.from(epochNanos, TimeUnit.NANOSECONDS));
        return wal;
    }

    /** {@code ack_matches PATH NAME SPOOL TARGET} of the fast-path script under {@code shell}: 0 true, 1 false. */
    private static boolean shellVerdict(String shell, Path wal, String name, Path spool, String target)
            throws IOException, InterruptedException {
        Process p = new ProcessBuilder(
                        shell,
                        "-c",
                        ". \"$0\"; ack_matches \"$@\"",
                        FASTPATH.toAbsolutePath().toString(),
                        wal.toString(),
                        name,
                        spool.toString(),
                        target)
                .redirectErrorStream(true)
                .start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.getInputStream().transferTo(out);
        int rc = p.waitFor();
        if (rc > 1 || out.size() > 0) {
            throw new AssertionError(
                    shell + " ack_matches exited " + rc + " for " + name + ": " + out.toString(StandardCharsets.UTF_8));
        }
        return rc == 0;
    }
}
