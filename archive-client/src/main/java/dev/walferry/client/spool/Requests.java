package dev.walferry.client.agent;

import dev.walferry.protocol.wal.WalFileName;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The files through which {@code bin/walferry push} and the push-agent talk, all in the spool directory (mode 0700,
 * owned by the postgres user, so only that user can ask):
 * <ul>
 *   <li>{@code NAME.want}: written by the launcher (temp file, then rename), holding the absolute path of the file
 *       to push and the call's {@code archive@server}, one per line; the agent deletes it when it queues the
 *       job;</li>
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

    /** Names a launcher may ask for (it checks the same characters); anything else in the spool is not a request. */
    private static final java.util.regex.Pattern ASKABLE = java.util.regex.Pattern.compile("[0-9A-Za-z.]{1,64}");

    private final Path spool;
    private final String target;

    /** @param target this agent's {@code archive@server}; requests for another are answered with an error */
    Requests(Path spool, String target) {
        this.spool = spool;
        this.target = target;
    }

    /**
     * Reads and deletes every {@code NAME.want}. A request the agent cannot serve (invalid name, a path that is not
     * absolute or not readable here, another archive@server) is answered with {@code NAME.err} at once, so the
     * launcher pushes the file itself instead of waiting.
     */
    List<Request> drain() {
        List<Request> out = new ArrayList<>();
        List<Path> wants = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(spool, "*" + WANT)) {
            ds.forEach(wants::add);
        } catch (IOException e) {
            return out;   // the next wake-up reads the directory again
        }
        for (Path p : wants) {
            String f = p.getFileName().toString();
            String name = f.substring(0, f.length() - WANT.length());
            byte[] content;
            try {
                content = Files.readAllBytes(p);
                Files.deleteIfExists(p);
            } catch (IOException gone) {
                continue;   // the launcher gave up on it (or it is unreadable: the launcher gives up in 2 s)
            }
            if (!ASKABLE.matcher(name).matches()) {
                continue;   // not a launcher's: it never asks for such a name
            }
            try {
                out.add(parse(name, content));
                Files.deleteIfExists(spool.resolve(name + ERR));
            } catch (IllegalArgumentException | IOException e) {
                fail(name, 2, e.getMessage());
            }
        }
        return out;
    }

    /** {@code PATH\nTARGET\n}, strictly: UTF-8, an absolute path, this agent's target. */
    private Request parse(String name, byte[] content) {
        if (!WalFileName.isValid(name)) {
            throw new IllegalArgumentException(name + " is not a WAL file name walferry archives");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(content)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IllegalArgumentException("the request for " + name + " is not UTF-8");
        }
        String[] lines = text.split("\n", -1);
        String path = lines[0].strip();
        String wanted = lines.length > 1 ? lines[1].strip() : "";
        if (!wanted.equals(target)) {
            throw new IllegalArgumentException("this push-agent pushes to " + target + ", the call to '" + wanted + "'");
        }
        Path p;
        try {
            p = Path.of(path);
        } catch (java.nio.file.InvalidPathException e) {
            throw new IllegalArgumentException("the push-agent cannot use the path " + path + " (" + e.getReason()
                    + "; run it with a UTF-8 locale, e.g. LANG=C.UTF-8)");
        }
        if (path.isEmpty() || !p.isAbsolute()) {
            throw new IllegalArgumentException("request for " + name + " does not name an absolute path: '" + path + "'");
        }
        return new Request(WalFileName.parse(name), p);
    }

    /** Tells a waiting launcher that {@code name} could not be pushed (it then pushes the file itself). */
    void fail(String name, int code, String message) {
        Path temp = spool.resolve("." + name + ERR + "." + Thread.currentThread().getId() + ".tmp");
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
