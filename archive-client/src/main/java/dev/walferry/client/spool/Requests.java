package dev.walferry.client.spool;

import dev.walferry.protocol.wal.WalFileName;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The push-agent's side of the files through which {@code bin/walferry push} and the push-agent talk
 * (docs/spool.md): it reads and deletes each {@link Want NAME.want}, answers with the {@link AckSpool NAME.ack}
 * (recorded by the worker that pushed the file), or with {@code NAME.err} ({@code CODE SP message LF}, UTF-8) when it
 * could not push a requested file; the launcher then pushes it itself with the Java command, which reports the
 * failure with its own exit code.
 */
public final class Requests {

    static final String WANT = Want.SUFFIX;
    static final String ERR = ".err";

    /** A request read from the spool. */
    public record Request(WalFileName name, Path path) {}

    private final Path spool;
    private final String target;

    /** @param target this agent's {@code archive@server}; requests for another are answered with an error */
    public Requests(Path spool, String target) {
        this.spool = spool;
        this.target = target;
    }

    /**
     * Reads and deletes every {@code NAME.want}. A request the agent cannot serve (invalid name, a path that is not
     * absolute or not readable here, another archive@server) is answered with {@code NAME.err} at once, so the
     * launcher pushes the file itself instead of waiting.
     */
    public List<Request> drain() {
        List<Request> out = new ArrayList<>();
        List<Path> wants = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(spool, "*" + WANT)) {
            ds.forEach(wants::add);
        } catch (IOException e) {
            return out; // the next wake-up reads the directory again
        }
        for (Path p : wants) {
            String f = p.getFileName().toString();
            String name = f.substring(0, f.length() - WANT.length());
            byte[] content;
            try {
                content = Files.readAllBytes(p);
                Files.deleteIfExists(p);
            } catch (IOException gone) {
                continue; // the launcher gave up on it (or it is unreadable: the launcher gives up in 2 s)
            }
            if (!SpoolFiles.isFileName(name)) {
                continue; // not a launcher's: it never asks for such a name
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

    /** A {@link Want} for a WAL file name, this agent's target and an absolute path. */
    private Request parse(String name, byte[] content) {
        if (!WalFileName.isValid(name)) {
            throw new IllegalArgumentException(name + " is not a WAL file name walferry archives");
        }
        Want want = Want.parse(name, content);
        String path = want.path();
        String wanted = want.target();
        if (!wanted.equals(target)) {
            throw new IllegalArgumentException(
                    "this push-agent pushes to " + target + ", the call to '" + wanted + "'");
        }
        Path p;
        try {
            p = Path.of(path);
        } catch (java.nio.file.InvalidPathException e) {
            throw new IllegalArgumentException("the push-agent cannot use the path " + path + " (" + e.getReason()
                    + "; run it with a UTF-8 locale, e.g. LANG=C.UTF-8)");
        }
        if (path.isEmpty() || !p.isAbsolute()) {
            throw new IllegalArgumentException(
                    "request for " + name + " does not name an absolute path: '" + path + "'");
        }
        return new Request(WalFileName.parse(name), p);
    }

    /** Tells a waiting launcher that {@code name} could not be pushed (it then pushes the file itself). */
    public void fail(String name, int code, String message) {
        String temp = "." + name + ERR + "." + Thread.currentThread().getId() + ".tmp";
        byte[] line = (code + " " + message.replace('\n', ' ') + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            SpoolFiles.replace(spool, name + ERR, temp, line, false);
        } catch (IOException e) {
            // the launcher also gives up when the agent stops answering
        }
    }

    /** Removes error files nobody collected (older than a minute) and stale launcher temp files. */
    public void prune(long nowMillis) {
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
