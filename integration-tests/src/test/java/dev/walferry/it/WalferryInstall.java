package dev.walferry.it;

import dev.walferry.pgctl.OsUser;
import dev.walferry.pgctl.PgWorkspace;
import dev.walferry.pgctl.PostgresFiles;
import dev.walferry.pgctl.ProcessResult;
import dev.walferry.pgctl.ProcessRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The walferry that {@code mvn package} laid out in {@code dist/}, copied into a test workspace where the postgres
 * OS user can run it, with a fresh CA and certificates for the receiver ("127.0.0.1") and the clients "primary" and
 * "standby". Client commands run as postgres, as PostgreSQL would run them.
 */
public final class WalferryInstall {

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(120);

    private final Path launcher;
    private final Path tlsDir;
    private final ProcessRunner asPostgres;
    private final ProcessRunner asMe;

    private WalferryInstall(Path launcher, Path tlsDir, ProcessRunner asPostgres, ProcessRunner asMe) {
        this.launcher = launcher;
        this.tlsDir = tlsDir;
        this.asPostgres = asPostgres;
        this.asMe = asMe;
    }

    /**
     * The packaged walferry run in place by the current OS user (no PostgreSQL involved), with a fresh CA in
     * {@code root/tls} and certificates for the receiver ("127.0.0.1") and {@code clients}. Both runners are the
     * current user's.
     */
    public static WalferryInstall forCurrentUser(Path root, String... clients) {
        Path dist = dist();
        ProcessRunner asMe = new ProcessRunner(OsUser.current());
        Path tls = root.resolve("tls");
        WalferryInstall w = new WalferryInstall(dist.resolve("bin/walferry"), tls, asMe, asMe);
        List<String> init = new ArrayList<>(List.of("tls", "init", "--dir", tls.toString(), "--server-name",
                "127.0.0.1"));
        for (String c : clients) {
            init.add("--client");
            init.add(c);
        }
        w.runAsMe(init.toArray(String[]::new)).requireSuccess();
        return w;
    }

    private static Path dist() {
        Path dist = Path.of(System.getProperty("walferry.dist", "../dist")).toAbsolutePath().normalize();
        if (!Files.isExecutable(dist.resolve("bin/walferry"))) {
            throw new IllegalStateException(dist + "/bin/walferry is missing: run 'mvn package' (or 'mvn verify') "
                    + "from the top directory first");
        }
        return dist;
    }

    public static WalferryInstall into(PgWorkspace ws) {
        Path dist = dist();
        OsUser pg = ws.tools().user();
        Path home = PostgresFiles.copyTree(pg, dist, ws.root().resolve("walferry"));
        home.resolve("bin/walferry").toFile().setExecutable(true, false);
        ProcessRunner asPostgres = ws.tools().runner();
        ProcessRunner asMe = new ProcessRunner(OsUser.current());
        Path tls = ws.root().resolve("tls");
        WalferryInstall w = new WalferryInstall(home.resolve("bin/walferry"), tls, asPostgres, asMe);
        w.runAsMe("tls", "init", "--dir", tls.toString(), "--server-name", "127.0.0.1", "--client", "primary",
                "--client", "standby").requireSuccess();
        pg.handOver(tls);
        return w;
    }

    public Path launcher() {
        return launcher;
    }

    public Path tlsDir() {
        return tlsDir;
    }

    /** Client options for {@code archive} on {@code receiver} as {@code identity}. */
    public List<String> clientOptions(ReceiverProcess receiver, String archive, String identity) {
        return List.of("--server", receiver.address(), "--archive", archive, "--tls-dir", tlsDir.toString(),
                "--identity", identity);
    }

    /** The command line PostgreSQL would run, as one shell-quoted string (for archive_command and friends). */
    public String shellCommand(String subcommand, List<String> options, String... placeholders) {
        List<String> parts = new ArrayList<>();
        parts.add(launcher.toString());
        parts.add(subcommand);
        parts.addAll(options);
        parts.addAll(List.of(placeholders));
        StringBuilder b = new StringBuilder();
        for (String p : parts) {
            if (b.length() > 0) {
                b.append(' ');
            }
            b.append(p.startsWith("%") || p.matches("[A-Za-z0-9_./:=@-]+") ? p : "'" + p.replace("'", "'\"'\"'") + "'");
        }
        return b.toString();
    }

    public Outcome runAsPostgres(String... args) {
        return new Outcome(asPostgres.runAllowingFailure(command(args), COMMAND_TIMEOUT));
    }

    public Outcome runAsMe(String... args) {
        return new Outcome(asMe.runAllowingFailure(command(args), COMMAND_TIMEOUT));
    }

    /** The launcher command line for {@code args}. */
    public List<String> command(String... args) {
        List<String> c = new ArrayList<>();
        c.add(launcher.toString());
        c.addAll(List.of(args));
        return c;
    }

    /** A finished walferry command. */
    public record Outcome(ProcessResult result) {
        public int exitCode() {
            return result.exitCode();
        }

        public String stderr() {
            return result.stderr();
        }

        public Outcome requireSuccess() {
            if (!result.succeeded()) {
                throw new AssertionError("walferry failed: " + result.outputTail());
            }
            return this;
        }
    }
}
