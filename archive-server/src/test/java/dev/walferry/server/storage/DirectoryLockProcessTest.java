package dev.walferry.server.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The directory lock keeps a second receiver process out, even after a refused attempt inside this JVM. */
class DirectoryLockProcessTest {

    @TempDir
    Path dir;

    @Test
    void otherProcess_isRefusedWhileOpen_evenAfterRefusedSecondOpenInThisProcess() throws Exception {
        try (DirectoryStorage s = DirectoryStorage.open("main", dir, StorageOptions.defaults())) {
            assertThrows(StorageException.class, () -> DirectoryStorage.open("again", dir, StorageOptions.defaults()));

            Result r = openInOtherProcess(dir);

            assertEquals(3, r.exit(), r.output());
            assertTrue(
                    r.output()
                            .contains("archive directory " + s.directory()
                                    + " is already in use by another walferry receiver (process "
                                    + ProcessHandle.current().pid()),
                    r.output());
        }
        assertEquals(0, openInOtherProcess(dir).exit(), "free once closed");
    }

    record Result(int exit, String output) {}

    private static Result openInOtherProcess(Path dir) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(List.of(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        OpenArchiveMain.class.getName(),
                        dir.toString()))
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child exits");
        return new Result(p.exitValue(), out);
    }

    /** Child process: opens and closes the archive; exit 0 if it could, 3 with the message if not. */
    public static final class OpenArchiveMain {
        public static void main(String[] args) throws IOException {
            try (DirectoryStorage s = DirectoryStorage.open("child", Path.of(args[0]), StorageOptions.defaults())) {
                System.out.println("opened " + s.directory());
            } catch (StorageException e) {
                System.out.println(e.getMessage());
                System.exit(3);
            }
        }
    }
}
