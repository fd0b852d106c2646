package dev.walferry.server.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The durability-critical file system calls, behind a seam so that tests can make each of them fail
 * (ZooKeeper {@code AtomicFileOutputStreamTest} style). Production uses {@link #DEFAULT}.
 */
interface FileSystemOps {

    /** {@code fsync} of a file's data and metadata. */
    void force(FileChannel channel, Path path) throws IOException;

    /**
     * {@code fdatasync} of a file still being written: starts the write-back early ({@link EarlyWriteBack}); the
     * commit's {@link #force} still follows.
     */
    void flushData(FileChannel channel, Path path) throws IOException;

    /** Atomic rename; never falls back to a copy. */
    void atomicMove(Path source, Path target) throws IOException;

    /** {@code fsync} of a directory, so that entries created or removed in it survive a crash. */
    void syncDirectory(Path dir) throws IOException;

    FileSystemOps DEFAULT = new FileSystemOps() {
        @Override
        public void force(FileChannel channel, Path path) throws IOException {
            channel.force(true);
        }

        @Override
        public void flushData(FileChannel channel, Path path) throws IOException {
            channel.force(false);
        }

        @Override
        public void atomicMove(Path source, Path target) throws IOException {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
        }

        @Override
        public void syncDirectory(Path dir) throws IOException {
            // Kafka Utils.flushDir: opening a directory for READ and forcing it works on Linux and macOS.
            try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
                ch.force(true);
            }
        }
    };
}
