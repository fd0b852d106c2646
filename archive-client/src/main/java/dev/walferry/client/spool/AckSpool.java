package dev.walferry.client.spool;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Receiver acknowledgements of files pushed before PostgreSQL's own call for them (by ship-ahead or the
 * push-agent), one {@link Ack} per file in {@code DIR/NAME.ack} (docs/spool.md). Written durably only after the
 * receiver acknowledged the file as stored; consumed by the later {@code walferry push} of the same file, which
 * exits 0 without sending when the ack {@link Ack#matches matches}. Acks of files that left pg_wal are pruned, so
 * the spool never holds more than the ready backlog.
 */
public final class AckSpool {

    private static final String SUFFIX = ".ack";
    private static final long TEMP_MIN_AGE_MILLIS = 60_000;

    private final Path dir;

    private AckSpool(Path dir) {
        this.dir = dir;
    }

    public static AckSpool open(Path dir) throws IOException {
        try {
            Files.createDirectories(
                    dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (FileAlreadyExistsException e) {
            throw new IOException(dir + " exists and is not a directory", e);
        }
        return new AckSpool(dir);
    }

    /** The ack recorded for {@code name}; empty when there is none, or it does not follow the grammar. */
    public Optional<Ack> find(String name) {
        if (!SpoolFiles.isFileName(name)) {
            return Optional.empty();
        }
        try {
            return Ack.parse(Files.readAllBytes(dir.resolve(name + SUFFIX)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The push fast path's test, the one lib/walferry-fastpath.sh makes too: {@code name}'s ack is well-formed, for
     * {@code target}, and {@code file} is unchanged since it was hashed.
     */
    public boolean acknowledged(String name, Path file, String target) {
        Optional<Ack> ack = find(name);
        if (ack.isEmpty()) {
            return false;
        }
        try {
            return ack.get().matches(FileStamp.of(file), target);
        } catch (IOException e) {
            return false;
        }
    }

    public boolean has(String name) {
        return Files.exists(dir.resolve(name + SUFFIX));
    }

    /** Records the receiver's acknowledgement of {@code name} (durably: temp, fsync, rename, fsync directory). */
    public void record(String name, Ack ack) throws IOException {
        // unique per writer: a push-agent's workers and a Java push may record the same name at once
        String temp = "." + name + SUFFIX + "." + ProcessHandle.current().pid() + "."
                + Thread.currentThread().getId() + ".tmp";
        SpoolFiles.replace(dir, name + SUFFIX, temp, ack.format(), true);
    }

    public void remove(String name) {
        try {
            Files.deleteIfExists(dir.resolve(name + SUFFIX));
        } catch (IOException ignored) {
            // a stale ack is pruned later; it never makes push succeed for a changed file
        }
    }

    /** Deletes acks of files no longer in {@code pgWal}, and temp files left over for more than a minute. */
    public void prune(Path pgWal) {
        prune(0, name -> Files.exists(pgWal.resolve(name)));
    }

    /**
     * Deletes acks for which {@code stillNeeded} says no (only those written more than {@code ackMinAgeMillis} ago,
     * when that is above 0), and temp files left over for more than a minute: a younger one may be another writer's
     * (a push-agent's ack, error or pid file) in progress.
     */
    public void prune(long ackMinAgeMillis, Predicate<String> stillNeeded) {
        long now = System.currentTimeMillis();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String f = p.getFileName().toString();
                if (f.startsWith(".") && f.endsWith(".tmp")) {
                    if (Files.getLastModifiedTime(p).toMillis() < now - TEMP_MIN_AGE_MILLIS) {
                        Files.deleteIfExists(p);
                    }
                } else if (f.endsWith(SUFFIX)
                        && !stillNeeded.test(f.substring(0, f.length() - SUFFIX.length()))
                        && (ackMinAgeMillis <= 0 || Files.getLastModifiedTime(p).toMillis() < now - ackMinAgeMillis)) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException ignored) {
            // pruning is housekeeping; the next call tries again
        }
    }
}
