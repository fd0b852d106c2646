package dev.walferry.server.storage;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

/**
 * Durable file steps (docs/storage.md): each fsync is timed and warned about past a threshold,
 * each failure becomes a {@link StorageException} naming the step and the path. Everything walferry creates
 * is private to its owner (docs/postgres-contract.md A8): directories 0700, files 0600.
 */
final class DurableFiles {

    private static final Logger LOG = System.getLogger(DurableFiles.class.getName());

    private static final FileAttribute<?> PRIVATE_DIR =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
    private static final FileAttribute<?> PRIVATE_FILE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    private final FileSystemOps ops;
    private final Duration slowFsync;
    private final FsyncObserver observer;

    DurableFiles(FileSystemOps ops, Duration slowFsync) {
        this(ops, slowFsync, FsyncObserver.NONE);
    }

    DurableFiles(FileSystemOps ops, Duration slowFsync, FsyncObserver observer) {
        this.ops = ops;
        this.slowFsync = slowFsync;
        this.observer = observer;
    }

    /** {@code fsync} of an open file. */
    void force(FileChannel channel, Path path) throws StorageException {
        long start = System.nanoTime();
        try {
            ops.force(channel, path);
        } catch (IOException e) {
            throw StorageException.io("fsync of", path, e);
        }
        warnIfSlow(start, "fsync of " + path, sizeOf(channel));
    }

    /** Early write-back of a temp file being written ({@link EarlyWriteBack}); check it before {@link #force}. */
    EarlyWriteBack writeBack(FileChannel channel, Path path, long declaredSize) {
        return new EarlyWriteBack(ops, channel, path, declaredSize);
    }

    /** Waits for {@code writeBack}, turning a failed early sync into the same error as a failed fsync. */
    void finishWriteBack(EarlyWriteBack writeBack, Path path) throws StorageException {
        try {
            writeBack.finish();
        } catch (IOException e) {
            throw StorageException.io("write-back (fdatasync) of", path, e);
        }
    }

    /** {@code fsync} of a directory. */
    void syncDirectory(Path dir) throws StorageException {
        long start = System.nanoTime();
        try {
            ops.syncDirectory(dir);
        } catch (IOException e) {
            throw StorageException.io("fsync of directory", dir, e);
        }
        warnIfSlow(start, "fsync of directory " + dir, -1);
    }

    /** Atomic rename, never a copy. The caller makes sure the target does not exist. */
    void atomicMove(Path source, Path target) throws StorageException {
        try {
            ops.atomicMove(source, target);
        } catch (IOException e) {
            throw StorageException.io("atomic rename of " + source + " to", target, e);
        }
    }

    /**
     * Replaces {@code target} with {@code content}: temp file in {@code tempDir} (same file system), write,
     * fsync, rename, fsync of the target's directory. On failure the temp file is gone and target untouched.
     */
    void writeAtomically(Path target, byte[] content, Path tempDir) throws StorageException {
        Path temp = createTempFile(tempDir, target.getFileName() + "-");
        boolean moved = false;
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                force(ch, temp);
            } catch (StorageException e) {
                throw e;
            } catch (IOException e) {
                throw StorageException.io("write of", temp, e);
            }
            atomicMove(temp, target);
            moved = true;
            syncDirectory(target.getParent());
        } finally {
            if (!moved) {
                deleteQuietly(temp);
            }
        }
    }

    /** A new empty 0600 file in {@code dir} whose name starts with {@code prefix} and ends in {@code .tmp}. */
    static Path createTempFile(Path dir, String prefix) throws StorageException {
        try {
            return posix(dir)
                    ? Files.createTempFile(dir, prefix, ".tmp", PRIVATE_FILE)
                    : Files.createTempFile(dir, prefix, ".tmp");
        } catch (IOException e) {
            throw StorageException.io("creating a temp file in", dir, e);
        }
    }

    /** Opens (creating as 0600 if absent) a file for reading and writing. */
    static FileChannel openPrivate(Path file) throws StorageException {
        try {
            return posix(file.getParent())
                    ? FileChannel.open(
                            file,
                            java.util.Set.of(
                                    StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE),
                            PRIVATE_FILE)
                    : FileChannel.open(
                            file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw StorageException.io("opening", file, e);
        }
    }

    /** Creates {@code dir} (0700) and missing parents; an existing directory keeps its mode. */
    static void createPrivateDirectories(Path dir) throws StorageException {
        try {
            if (posix(dir.getFileSystem().getPath("/"))) {
                Files.createDirectories(dir, PRIVATE_DIR);
            } else {
                Files.createDirectories(dir);
            }
        } catch (IOException e) {
            throw StorageException.io("creating directory", dir, e);
        }
    }

    /** Deletes a file, logging rather than throwing (used on paths that already report another failure). */
    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "could not delete " + file + ": " + e.getMessage());
        }
    }

    private static boolean posix(Path anyPathOnFs) {
        return anyPathOnFs.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private void warnIfSlow(long startNanos, String what, long size) {
        long nanos = System.nanoTime() - startNanos;
        observer.fsynced(nanos);
        if (nanos > slowFsync.toNanos()) {
            LOG.log(
                    Level.WARNING,
                    what + " took " + nanos / 1_000_000 + " ms"
                            + (size >= 0 ? " (file size " + size + " bytes)" : "")
                            + ", over the " + slowFsync.toMillis() + " ms threshold: the disk is slow");
        }
    }

    private static long sizeOf(FileChannel ch) {
        try {
            return ch.size();
        } catch (IOException e) {
            return -1;
        }
    }
}
