package dev.walferry.server.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.function.Predicate;

/** {@link FileSystemOps} that fails the one step it is armed for, on matching paths, with a given message. */
final class FailingFileSystemOps implements FileSystemOps {

    enum Step {
        FORCE,
        FLUSH_DATA,
        MOVE,
        SYNC_DIRECTORY
    }

    private volatile Step step;
    private volatile Predicate<Path> paths = p -> true;
    private volatile String message;

    /** Fails {@code step} on paths matching {@code which} (for MOVE: the target) with {@code message}. */
    void arm(Step step, Predicate<Path> which, String message) {
        this.paths = which;
        this.message = message;
        this.step = step;
    }

    void disarm() {
        step = null;
    }

    @Override
    public void force(FileChannel channel, Path path) throws IOException {
        failIf(Step.FORCE, path);
        DEFAULT.force(channel, path);
    }

    @Override
    public void flushData(FileChannel channel, Path path) throws IOException {
        failIf(Step.FLUSH_DATA, path);
        DEFAULT.flushData(channel, path);
    }

    @Override
    public void atomicMove(Path source, Path target) throws IOException {
        failIf(Step.MOVE, target);
        DEFAULT.atomicMove(source, target);
    }

    @Override
    public void syncDirectory(Path dir) throws IOException {
        failIf(Step.SYNC_DIRECTORY, dir);
        DEFAULT.syncDirectory(dir);
    }

    private void failIf(Step s, Path path) throws IOException {
        if (step == s && paths.test(path)) {
            throw new IOException(message);
        }
    }
}
