package dev.walferry.pgctl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Creates and copies files for the postgres user: whatever is made here is handed over to it
 * ({@link OsUser#handOver}), so a server, archive_command or restore_command running as postgres can use it.
 */
public final class PostgresFiles {

    private PostgresFiles() {}

    /** Creates {@code dir} (and missing parents), mode 0700, owned by {@code user}. */
    public static Path createDirectory(OsUser user, Path dir) {
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        user.handOver(dir);
        return dir;
    }

    /** Creates {@code file} empty unless it exists, owned by {@code user}. */
    public static Path createFile(OsUser user, Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createFile(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + file, e);
        }
        user.handOver(file);
        return file;
    }

    /**
     * Copies the tree {@code source} to {@code target} (which must not exist), keeping file modes, and hands the
     * copy over to {@code user}: e.g. {@code dist/} placed where archive_command can run it.
     */
    public static Path copyTree(OsUser user, Path source, Path target) {
        try {
            Files.walkFileTree(source, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    Files.copy(
                            dir, target.resolve(source.relativize(dir).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.copy(
                            file,
                            target.resolve(source.relativize(file).toString()),
                            StandardCopyOption.COPY_ATTRIBUTES);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + source + " to " + target, e);
        }
        user.handOver(target);
        return target;
    }
}
