package dev.walferry.client.spool;

import dev.walferry.protocol.wal.WalFileKind;
import dev.walferry.protocol.wal.WalFileName;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * Segments fetched ahead of PostgreSQL's requests (the restore spool, docs/spool.md). A file appears here under its
 * WAL name only after it was received completely and its SHA-256 checked (FileRestorer: temp file ending in
 * {@link #PARTIAL_SUFFIX}, verify, fsync, rename), so a name in the directory is a verified file. Lookups are one
 * {@code rename}: O(1). The background prefetcher is the only writer of segments and prunes what replay has passed;
 * the spool holds at most the prefetch depth plus a few stragglers. {@code .source} ({@code target}, no newline)
 * names the archive@server the segments came from; {@code .requested} (a WAL name, no newline) the segment
 * PostgreSQL asked for last, written by restore calls (Java and the launcher's fast path).
 */
public final class PrefetchSpool {

    /** How a file being restored is named until it is complete and verified: {@code NAME} + this. */
    public static final String PARTIAL_SUFFIX = ".walferry-partial";

    private static final String SOURCE = ".source";
    private static final String REQUESTED = ".requested";

    private final Path dir;

    private PrefetchSpool(Path dir) {
        this.dir = dir;
    }

    public static PrefetchSpool open(Path dir) throws IOException {
        Files.createDirectories(
                dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        return new PrefetchSpool(dir);
    }

    public Path dir() {
        return dir;
    }

    /** {@code archive@server} the spooled files came from (DIR/.source); empty when unknown. */
    public String source() {
        try {
            return Files.readString(dir.resolve(SOURCE)).trim();
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * Makes the spool serve {@code target} ({@code archive@server}): when it held files of another archive or
     * receiver, they are deleted first, so a reconfigured standby never gets a file from its old source.
     */
    public void claim(String target) throws IOException {
        if (target.equals(source())) {
            return;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                if (WalFileName.isValid(p.getFileName().toString())) {
                    Files.deleteIfExists(p);
                }
            }
        }
        SpoolFiles.replace(dir, SOURCE, SOURCE + ".tmp", target.getBytes(StandardCharsets.UTF_8), false);
    }

    public Path lockFile() {
        return dir.resolve(".lock");
    }

    /** Records the segment PostgreSQL asked for last, for the prefetcher to follow (timeline switches too). */
    public void markRequested(WalFileName name) {
        try {
            SpoolFiles.replace(
                    dir, REQUESTED, REQUESTED + ".tmp", name.toString().getBytes(StandardCharsets.US_ASCII), false);
        } catch (IOException ignored) {
            // only a hint
        }
    }

    public java.util.Optional<WalFileName> lastRequested() {
        try {
            String s = Files.readString(dir.resolve(REQUESTED)).trim();
            return WalFileName.isValid(s) ? java.util.Optional.of(WalFileName.parse(s)) : java.util.Optional.empty();
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }

    /** Whether a prefetcher holds the spool's lock right now. */
    public boolean prefetcherRunning() {
        try (FileChannel ch = FileChannel.open(lockFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                java.nio.channels.FileLock l = ch.tryLock()) {
            return l == null;
        } catch (IOException | java.nio.channels.OverlappingFileLockException e) {
            return true;
        }
    }

    /** Segments in the spool. */
    public int segmentCount() {
        int n = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "[0-9A-F]*")) {
            for (Path p : ds) {
                if (p.getFileName().toString().length() == 24) {
                    n++;
                }
            }
        } catch (IOException ignored) {
            // counted as empty: the prefetcher fetches, which is harmless
        }
        return n;
    }

    /**
     * Events of the spool directory (a file entering or leaving it, {@code .requested} replaced), watched from now on
     * so that no change between a check and the wait is missed.
     */
    public Changes changes() throws IOException {
        return new Changes(dir);
    }

    /** See {@link #changes()}. */
    public static final class Changes implements AutoCloseable {
        private final java.nio.file.WatchService watch;

        private Changes(Path dir) throws IOException {
            watch = dir.getFileSystem().newWatchService();
            dir.register(
                    watch,
                    java.nio.file.StandardWatchEventKinds.ENTRY_DELETE,
                    java.nio.file.StandardWatchEventKinds.ENTRY_CREATE);
        }

        /** Waits up to {@code millis} for a change since the last call (returns at once if one happened). */
        public void await(long millis) {
            try {
                java.nio.file.WatchKey key = watch.poll(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
                while (key != null) {
                    key.pollEvents();
                    key.reset();
                    key = watch.poll();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() throws IOException {
            watch.close();
        }
    }

    /**
     * Whether the prefetcher is receiving {@code name} right now ({@code NAME.walferry-partial} exists: it creates it
     * before asking the receiver). A restore that missed the spool waits for such a segment rather than fetching it
     * a second time (docs/spool.md).
     */
    public boolean inFlight(WalFileName name) {
        return Files.exists(dir.resolve(name + PARTIAL_SUFFIX));
    }

    /**
     * Waits up to {@code millis} while {@code name} is {@link #inFlight in flight} and a prefetcher runs.
     *
     * @return true when {@code name} is in the spool now
     */
    public boolean awaitInFlight(WalFileName name, long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000;
        try (Changes c = changes()) {
            while (!Files.exists(pathOf(name))
                    && inFlight(name)
                    && prefetcherRunning()
                    && System.nanoTime() < deadline) {
                c.await(Math.max(1, Math.min(200, (deadline - System.nanoTime()) / 1_000_000)));
            }
        } catch (IOException e) {
            // cannot watch: fetch directly
        }
        return Files.exists(pathOf(name));
    }

    public Path pathOf(WalFileName name) {
        return dir.resolve(name.toString());
    }

    /**
     * Moves a prefetched {@code name} to {@code dest}: a rename on the same file system, otherwise a copy to a temp
     * file beside {@code dest}, fsync and rename. Only when the spool was filled from {@code target}
     * ({@code archive@server}).
     *
     * @return false when the spool does not have it
     */
    public boolean take(WalFileName name, Path dest, String target) throws IOException {
        if (!target.equals(source())) {
            return false;
        }
        Path f = pathOf(name);
        try {
            Files.move(f, dest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return true;
        } catch (NoSuchFileException e) {
            return false;
        } catch (AtomicMoveNotSupportedException crossDevice) {
            Path temp = dest.resolveSibling(dest.getFileName() + PARTIAL_SUFFIX);
            try {
                Files.copy(f, temp, StandardCopyOption.REPLACE_EXISTING);
                try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                    ch.force(true);
                }
                Files.move(temp, dest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (NoSuchFileException e) {
                Files.deleteIfExists(temp);
                return false;
            } finally {
                Files.deleteIfExists(temp);
            }
            Files.deleteIfExists(f);
            return true;
        }
    }

    /** The next {@code count} segments after {@code current} on its timeline. */
    public static List<WalFileName> following(WalFileName current, long segmentSize, int count) {
        List<WalFileName> next = new ArrayList<>();
        long perLog = 0x1_0000_0000L / segmentSize;
        long segno = current.segmentNumber(segmentSize);
        for (int i = 1; i <= count; i++) {
            long n = segno + i;
            next.add(WalFileName.segment(current.timeline(), n / perLog, n % perLog));
        }
        return next;
    }

    /**
     * Whether {@code name} is in the prefetch window of {@code requested}: on its timeline, after it and at most
     * {@code depth} segments after it (docs/spool.md, Pruning).
     */
    public static boolean inWindow(WalFileName name, WalFileName requested, long segmentSize, int depth) {
        WalFileName last = following(requested, segmentSize, depth).get(depth - 1);
        return name.kind() == WalFileKind.SEGMENT
                && name.timeline() == requested.timeline()
                && name.compareTo(requested) > 0
                && name.compareTo(last) <= 0;
    }

    /**
     * Deletes spooled segments that replay has passed ({@code < current} in WAL order, or of another timeline),
     * segments more than {@code depth} ahead of it, and stray temp files. {@code current} itself stays: the
     * launcher writes {@code .requested} before it renames the segment out of the spool (docs/spool.md).
     */
    public void prune(WalFileName current, long segmentSize, int depth) {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String f = p.getFileName().toString();
                if (f.endsWith(PARTIAL_SUFFIX)) {
                    Files.deleteIfExists(p);
                } else if (WalFileName.isValid(f)) {
                    WalFileName n = WalFileName.parse(f);
                    if (n.kind() == WalFileKind.SEGMENT
                            && !n.equals(current)
                            && !inWindow(n, current, segmentSize, depth)) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        } catch (IOException ignored) {
            // housekeeping only; the next prefetch run tries again
        }
    }
}
