package dev.walferry.pgctl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The directory holding one PostgreSQL installation's binaries. {@link #find()} looks, in order, at
 * {@code pg_config --bindir}, the {@code PATH} (following symlinks such as {@code /usr/local/bin/initdb} to the
 * real directory), then the highest version under {@code /usr/lib/postgresql/*}{@code /bin} (Debian's layout).
 * A directory counts only when it has the server tools {@code initdb}, {@code pg_ctl} and {@code postgres}.
 */
public final class PgBinaries {

    /** Shown when no installation is found. */
    public static final String NOT_FOUND_MESSAGE =
            "PostgreSQL server binaries not found (initdb, pg_ctl); install them, e.g. apt-get install postgresql";

    static final List<String> SERVER_TOOLS = List.of("initdb", "pg_ctl", "postgres");

    private static final Path DEBIAN_ROOT = Path.of("/usr/lib/postgresql");
    private static final Duration VERSION_TIMEOUT = Duration.ofSeconds(10);
    private static final Pattern VERSION = Pattern.compile("\\(PostgreSQL\\) (\\d+)");

    private final Path bindir;

    private PgBinaries(Path bindir) {
        this.bindir = bindir;
    }

    /** The first installation found, or empty. */
    public static Optional<PgBinaries> find() {
        return candidates().filter(PgBinaries::hasServerTools).findFirst().map(PgBinaries::new);
    }

    /**
     * The first installation found.
     *
     * @throws PgException with {@link #NOT_FOUND_MESSAGE} when there is none
     */
    public static PgBinaries require() {
        return find().orElseThrow(() -> new PgException(NOT_FOUND_MESSAGE));
    }

    /**
     * The installation in {@code bindir}.
     *
     * @throws PgException when it lacks a server tool
     */
    public static PgBinaries at(Path bindir) {
        if (!hasServerTools(bindir)) {
            throw new PgException(bindir + " does not hold the PostgreSQL server binaries " + SERVER_TOOLS);
        }
        return new PgBinaries(bindir.toAbsolutePath());
    }

    public Path bindir() {
        return bindir;
    }

    /**
     * The path of one tool of this installation ({@code psql}, {@code pg_waldump}, ...).
     *
     * @throws PgException when the installation lacks it
     */
    public Path tool(String name) {
        Path p = bindir.resolve(name);
        if (!Files.isExecutable(p)) {
            throw new PgException(
                    name + " not found in " + bindir + " (is the full PostgreSQL server package installed?)");
        }
        return p;
    }

    /** The major version ({@code 15}; {@code 9} for any 9.x), from {@code pg_ctl --version}. */
    public int majorVersion() {
        ProcessResult r = new ProcessRunner(OsUser.forPostgres())
                .run(List.of(tool("pg_ctl").toString(), "--version"), VERSION_TIMEOUT);
        Matcher m = VERSION.matcher(r.stdout());
        if (!m.find()) {
            throw new PgException("cannot read the version in: " + r.stdout().strip());
        }
        return Integer.parseInt(m.group(1));
    }

    @Override
    public String toString() {
        return bindir.toString();
    }

    private static Stream<Path> candidates() {
        return Stream.of(fromPgConfig(), fromPath(), fromDebianLayout()).flatMap(List::stream);
    }

    private static List<Path> fromPgConfig() {
        try {
            ProcessBuilder pb = new ProcessBuilder("pg_config", "--bindir").redirectErrorStream(true);
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            if (p.waitFor() == 0 && !out.isEmpty()) {
                return List.of(Path.of(out));
            }
        } catch (IOException e) {
            // no pg_config on the PATH
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return List.of();
    }

    private static List<Path> fromPath() {
        String path = System.getenv("PATH");
        if (path == null) {
            return List.of();
        }
        List<Path> dirs = new ArrayList<>();
        for (String entry : path.split(":")) {
            if (entry.isEmpty()) {
                continue;
            }
            Path initdb = Path.of(entry, "initdb");
            try {
                if (Files.isExecutable(initdb)) {
                    dirs.add(initdb.toRealPath().getParent());
                }
            } catch (IOException e) {
                // a dangling link: skip
            }
        }
        return dirs;
    }

    static List<Path> fromDebianLayout() {
        if (!Files.isDirectory(DEBIAN_ROOT)) {
            return List.of();
        }
        try (Stream<Path> versions = Files.list(DEBIAN_ROOT)) {
            return versions.filter(v -> v.getFileName().toString().matches("\\d+(\\.\\d+)*"))
                    .sorted(Comparator.comparing((Path v) -> v.getFileName().toString(), PgBinaries::compareVersions)
                            .reversed())
                    .map(v -> v.resolve("bin"))
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Orders dotted version strings numerically: {@code 9.6 < 10 < 15}. */
    static int compareVersions(String a, String b) {
        int[] x = Arrays.stream(a.split("\\.")).mapToInt(Integer::parseInt).toArray();
        int[] y = Arrays.stream(b.split("\\.")).mapToInt(Integer::parseInt).toArray();
        return Arrays.compare(x, y);
    }

    private static boolean hasServerTools(Path dir) {
        return SERVER_TOOLS.stream().allMatch(t -> Files.isExecutable(dir.resolve(t)));
    }
}
