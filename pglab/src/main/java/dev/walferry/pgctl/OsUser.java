package dev.walferry.pgctl;

import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The OS user PostgreSQL tools run as. PostgreSQL refuses root, so as root every command is wrapped in
 * {@code runuser -u postgres --} and the files it needs are chowned to {@code postgres}; as any other user the
 * commands run directly and the files already belong to that user.
 */
public final class OsUser {

    /** The account the server runs as when this process is root. */
    public static final String POSTGRES = "postgres";

    private static final Duration ACCESS_CHECK_TIMEOUT = Duration.ofSeconds(10);

    private final boolean switches;
    private final String name;

    private OsUser(boolean switches, String name) {
        this.switches = switches;
        this.name = name;
    }

    /** {@code postgres} when this process is root, otherwise the current user. */
    public static OsUser forPostgres() {
        boolean root = new UnixSystem().getUid() == 0;
        return new OsUser(root, root ? POSTGRES : System.getProperty("user.name"));
    }

    /** The user this process runs as; commands run directly. */
    public static OsUser current() {
        return new OsUser(false, System.getProperty("user.name"));
    }

    /** The user commands run as. */
    public String name() {
        return name;
    }

    /** Whether commands are wrapped in {@code runuser} (this process is root). */
    public boolean switchesUser() {
        return switches;
    }

    /** The command line that runs {@code command} as this user. */
    public List<String> wrap(List<String> command) {
        if (!switches) {
            return List.copyOf(command);
        }
        List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", name, "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    /**
     * Makes the directory tree at {@code tree} readable and writable by this user: {@code chown -R postgres}
     * when root, owner read/write (and search on directories) otherwise. Then checks that the user can actually
     * reach and write {@code tree}, which fails when a parent directory is not searchable by that user.
     *
     * @throws PgException when the user still cannot write {@code tree}
     */
    public void handOver(Path tree) {
        try (Stream<Path> paths = Files.walk(tree)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                PosixFileAttributeView view =
                        Files.getFileAttributeView(p, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
                if (switches) {
                    chown(view);
                } else if (!Files.isSymbolicLink(p)) {
                    Set<PosixFilePermission> perms = view.readAttributes().permissions();
                    perms.add(PosixFilePermission.OWNER_READ);
                    perms.add(PosixFilePermission.OWNER_WRITE);
                    if (Files.isDirectory(p)) {
                        perms.add(PosixFilePermission.OWNER_EXECUTE);
                    }
                    view.setPermissions(perms);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot hand " + tree + " over to " + name, e);
        }
        if (switches && Files.isDirectory(tree)) {
            requireWritable(tree);
        }
    }

    private void chown(PosixFileAttributeView view) throws IOException {
        UserPrincipalLookupService lookup = Path.of("/").getFileSystem().getUserPrincipalLookupService();
        UserPrincipal owner = lookup.lookupPrincipalByName(name);
        view.setOwner(owner);
        try {
            GroupPrincipal group = lookup.lookupPrincipalByGroupName(name);
            view.setGroup(group);
        } catch (UserPrincipalNotFoundException noSuchGroup) {
            // the owner is enough; the group is a nicety when postgres has its own group
        }
    }

    private void requireWritable(Path dir) {
        ProcessResult r = new ProcessRunner(this)
                .runAllowingFailure(
                        List.of("test", "-w", dir.toString(), "-a", "-x", dir.toString()), ACCESS_CHECK_TIMEOUT);
        if (!r.succeeded()) {
            throw new PgException("user " + name + " cannot write " + dir
                    + "; make every parent directory searchable by it (chmod o+x) or use a directory under /tmp");
        }
    }
}
