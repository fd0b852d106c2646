package dev.walferry.pgctl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A directory holding clusters and archives that belong together (one test, one demo), laid out flat:
 * {@code <root>/<name>} is a data directory or an archive, {@code <root>/<name>.log} a server log. The root is
 * mode 0755 so the postgres user can reach what is handed over to it. {@link #close()} stops every server;
 * {@link #delete()} removes the directory.
 */
public final class PgWorkspace implements AutoCloseable {

    private final PgTools tools;
    private final Path root;
    private final List<PgCluster> clusters = Collections.synchronizedList(new ArrayList<>());

    private PgWorkspace(PgTools tools, Path root) {
        this.tools = tools;
        this.root = root;
    }

    /** A new workspace in a fresh directory under {@code java.io.tmpdir} (normally /tmp). */
    public static PgWorkspace createTemp(PgTools tools, String prefix) {
        try {
            Path root = Files.createTempDirectory(prefix);
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
            return new PgWorkspace(tools, root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory", e);
        }
    }

    public Path root() {
        return root;
    }

    public PgTools tools() {
        return tools;
    }

    /** A new empty directory {@code <root>/<name>} owned by the postgres user, e.g. a WAL archive. */
    public Path newDirectory(String name) {
        return PostgresFiles.createDirectory(tools.user(), root.resolve(name));
    }

    /** initdb into {@code <root>/<name>}; the server is not started. */
    public PgCluster newCluster(String name, InitOptions options) {
        return register(PgCluster.initdb(tools, root.resolve(name), options));
    }

    /** A base backup of {@code source} into {@code <root>/<name>}, as a cluster that is not started. */
    public PgCluster baseBackup(PgCluster source, String name, WalMethod wal) {
        return register(source.baseBackup(root.resolve(name), wal));
    }

    /** The clusters created here, oldest first. */
    public List<PgCluster> clusters() {
        synchronized (clusters) {
            return List.copyOf(clusters);
        }
    }

    /**
     * Stops every server, newest first, each even when another fails to stop.
     *
     * @throws PgException naming the first failure, the others suppressed
     */
    @Override
    public void close() {
        List<PgCluster> all = new ArrayList<>(clusters());
        Collections.reverse(all);
        PgException failure = null;
        for (PgCluster c : all) {
            try {
                c.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = new PgException("could not stop every server of " + root, e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Removes the workspace directory and everything in it; stop the servers first ({@link #close()}). */
    public void delete() {
        if (!Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    if (e != null) {
                        throw e;
                    }
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }

    private PgCluster register(PgCluster c) {
        clusters.add(c);
        return c;
    }
}
