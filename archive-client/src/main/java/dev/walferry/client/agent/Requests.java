package dev.walferry.client.agent;

import dev.walferry.protocol.wal.WalFileName;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The files through which {@code bin/walferry push} and the push-agent talk, all in the spool directory (mode 0700,
 * owned by the postgres user, so only that user can ask):
 * <ul>
 *   <li>{@code NAME.want}: written by the launcher (temp file, then rename), holding the absolute path of the file
 *       to push; the agent deletes it when it queues the job;</li>
 *   <li>{@code NAME.ack}: the receiver's durable acknowledgement ({@link dev.walferry.client.push.AckSpool}), which
 *       the launcher checks and consumes, exactly as for files shipped ahead;</li>
 *   <li>{@code NAME.err}: {@code CODE message}, when the agent could not push a requested file; the launcher then
 *       pushes it itself with the Java command, which reports the failure with its own exit code.</li>
 * </ul>
 */
final class Requests {

    static final String WANT = ".want";
    static final String ERR = ".err";

    /** A request read from the spool. */
    record Request(WalFileName name, Path path) {
    }

    private final Path spool;

    Requests(Path spool) {
        this.spool = spool;
    }

    /**
     * Reads and deletes every {@code NAME.want}; a request with an invalid name or a path that is not absolute is
     * deleted and answered with an error file when its name is valid.
     */
    List<Request> drain() {
        List<Request> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(spool, "*" + WANT)) {
            for (Path p : ds) {
                String f = p.getFileName().toString();
                String name = f.substring(0, f.length() - WANT.length());
                String content;
                try {
                    content = Files.readString(p, StandardCharsets.UTF_8).strip();
                    Files.deleteIfExists(p);
                } catch (NoSuchFileException gone) {
                    continue;   // the launcher gave up on it
                }
                if (!WalFileName.isValid(name)) {
                    continue;   // never a launcher's: it validates the name first
                }
                Path path = Path.of(content);
                if (content.isEmpty() || !path.isAbsolute()) {
                    fail(name, 12, "request for " + name + " does not name an absolute path: '" + content + "'");
                    continue;
                }
                Files.deleteIfExists(spool.resolve(name + ERR));
                out.add(new Request(WalFileName.parse(name), path));
            }
        } catch (IOException e) {
            // the next wake-up reads the directory again
        }
        return out;
    }

    /** Tells a waiting launcher that {@code name} could not be pushed (it then pushes the file itself). */
    void fail(String name, int code, String message) {
        Path temp = spool.resolve("." + name + ERR + ".tmp");
        try {
            Files.writeString(temp, code + " " + message.replace('\n', ' ') + "\n", StandardCharsets.UTF_8);
            Files.move(temp, spool.resolve(name + ERR), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            // the launcher also gives up when the agent stops answering
        }
    }

    /** Removes error files nobody collected (older than a minute) and stale launcher temp files. */
    void prune(long nowMillis) {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(spool)) {
            for (Path p : ds) {
                String f = p.getFileName().toString();
                boolean stale = f.endsWith(ERR) || (f.startsWith(".") && f.contains(WANT + "."));
                if (stale && Files.getLastModifiedTime(p).toMillis() < nowMillis - 60_000) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            // housekeeping; tried again later
        }
    }
}
