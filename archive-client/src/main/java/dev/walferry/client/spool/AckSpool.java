package dev.walferry.client.push;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Receiver acknowledgements of files pushed ahead of PostgreSQL's own call for them, one small file per WAL
 * file: {@code DIR/NAME.ack} holding {@code size sha256 mtime-nanos inode target}, where target is
 * {@code archive@host:port}. Written durably (temp, fsync, rename,
 * fsync directory) only after the receiver acknowledged the file as stored; consumed by the later
 * {@code walferry push} of the same file, which exits 0 without sending when the local file is unchanged since it
 * was hashed (same size, modification time and inode) and the ack came from the same receiver and archive. Acks of files that left pg_wal are pruned, so the spool
 * never holds more than the ready backlog.
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
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (FileAlreadyExistsException e) {
            throw new IOException(dir + " exists and is not a directory", e);
        }
        return new AckSpool(dir);
    }

    /** A recorded acknowledgement. */
    public record Ack(long size, String sha256Hex, long mtimeNanos, long inode, String target) {
        public boolean matches(LocalWalFile f, String currentTarget) throws IOException {
            FileStamp s = FileStamp.of(f.path());
            return target.equals(currentTarget) && size == f.size() && s.size() == size
                    && s.mtimeNanos() == mtimeNanos && s.inode() == inode;
        }
    }

    /** Size, modification time and inode of a file, taken when it was hashed. */
    public record FileStamp(long size, long mtimeNanos, long inode) {
        public static FileStamp of(Path p) throws IOException {
            var attrs = Files.readAttributes(p, "unix:size,lastModifiedTime,ino");
            long mtime = ((java.nio.file.attribute.FileTime) attrs.get("lastModifiedTime"))
                    .to(java.util.concurrent.TimeUnit.NANOSECONDS);
            return new FileStamp((Long) attrs.get("size"), mtime, (Long) attrs.get("ino"));
        }
    }

    public Optional<Ack> find(String name) {
        try {
            String[] f = Files.readString(dir.resolve(name + SUFFIX), StandardCharsets.US_ASCII).trim().split(" ");
            if (f.length != 5) {
                return Optional.empty();
            }
            return Optional.of(new Ack(Long.parseLong(f[0]), f[1], Long.parseLong(f[2]), Long.parseLong(f[3]), f[4]));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    public boolean has(String name) {
        return Files.exists(dir.resolve(name + SUFFIX));
    }

    /** Records the receiver's acknowledgement of {@code ack} for the file as it was when hashed. */
    public void record(Acknowledgement ack, FileStamp stamp, String receiverTarget) throws IOException {
        Path target = dir.resolve(ack.name() + SUFFIX);
        // unique per writer: a push-agent's workers and a Java push may record the same name at once
        Path temp = dir.resolve("." + ack.name() + SUFFIX + "." + ProcessHandle.current().pid() + "."
                + Thread.currentThread().getId() + ".tmp");
        String line = ack.size() + " " + HexFormat.of().formatHex(ack.sha256()) + " " + stamp.mtimeNanos() + " "
                + stamp.inode() + " " + receiverTarget + "\n";
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.US_ASCII)));
            ch.force(true);
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
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
                } else if (f.endsWith(SUFFIX) && !stillNeeded.test(f.substring(0, f.length() - SUFFIX.length()))
                        && (ackMinAgeMillis <= 0 || Files.getLastModifiedTime(p).toMillis() < now - ackMinAgeMillis)) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException ignored) {
            // pruning is housekeeping; the next call tries again
        }
    }
}
