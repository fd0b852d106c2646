package dev.walferry.server.storage;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The exclusive OS lock on {@code DIR/.walferry/lock} that a receiver holds while an archive is open, so that
 * two receivers (or two archive names in one receiver) never write one directory. The file holds the owner's
 * process id for the error message of the one refused.
 *
 * <p>OS file locks are per process, and on POSIX closing <em>any</em> descriptor of the file releases them.
 * So within this JVM a second attempt is refused from {@link #HELD} before the lock file is opened; otherwise
 * the failed attempt's close would silently drop the first holder's lock.
 */
final class DirectoryLock implements Closeable {

    /** Lock files held by this process (real paths). */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path key;
    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(Path key, FileChannel channel, FileLock lock) {
        this.key = key;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock without waiting.
     *
     * @throws StorageException naming the archive directory when another holder has it
     */
    static DirectoryLock acquire(Path lockFile, Path archiveDir) throws StorageException {
        Path key;
        try {
            key = lockFile.getParent().toRealPath().resolve(lockFile.getFileName());
        } catch (IOException e) {
            throw StorageException.io("resolving", lockFile.getParent(), e);
        }
        if (!HELD.add(key)) {
            throw inUse(archiveDir, "this process", lockFile);
        }
        FileChannel ch;
        try {
            ch = DurableFiles.openPrivate(lockFile);
        } catch (StorageException e) {
            HELD.remove(key);
            throw e;
        }
        try {
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held by this JVM
            }
            if (lock == null) {
                throw inUse(archiveDir, owner(lockFile), lockFile);
            }
            ch.truncate(0);
            ch.write(
                    ByteBuffer.wrap(
                            ("pid=" + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)),
                    0);
            return new DirectoryLock(key, ch, lock);
        } catch (IOException e) {
            HELD.remove(key);
            try {
                ch.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e instanceof StorageException s ? s : StorageException.io("locking", lockFile, e);
        }
    }

    private static StorageException inUse(Path archiveDir, String holder, Path lockFile) {
        return StorageException.failed("archive directory " + archiveDir
                + " is already in use by another walferry receiver (" + holder + " holds " + lockFile
                + "); each archive directory may be opened by one receiver only");
    }

    private static String owner(Path lockFile) {
        try {
            String text = Files.readString(lockFile, StandardCharsets.US_ASCII).strip();
            return text.startsWith("pid=") ? "process " + text.substring(4) : "another process";
        } catch (IOException e) {
            return "another process";
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            try {
                channel.close();
            } finally {
                HELD.remove(key);
            }
        }
    }
}
