package dev.walferry.it;

import dev.walferry.pgctl.OsUser;
import dev.walferry.pgctl.PgWorkspace;
import dev.walferry.pgctl.ProcessResult;
import dev.walferry.pgctl.ProcessRunner;
import dev.walferry.pglab.demo.WalferryInstallation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The walferry that {@code mvn package} laid out in {@code dist/}, installed into a test workspace by
 * {@link WalferryInstallation} (clients "primary" and "standby"). Client commands run as postgres, as PostgreSQL
 * would run them.
 */
public final class WalferryInstall {

    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(2);

    private final WalferryInstallation installed;
    private final Path launcher;
    private final Path tlsDir;
    private final ProcessRunner asPostgres;
    private final ProcessRunner asMe;

    private WalferryInstall(WalferryInstallation installed, ProcessRunner asPostgres, ProcessRunner asMe) {
        this.installed = installed;
        this.launcher = installed.launcher();
        this.tlsDir = installed.tlsDir();
        this.asPostgres = asPostgres;
        this.asMe = asMe;
    }

    /**
     * The packaged walferry run in place by the current OS user (no PostgreSQL involved), with a fresh CA in
     * {@code root/tls} and certificates for the receiver ("127.0.0.1") and {@code clients}. Both runners are the
     * current user's.
     */
    public static WalferryInstall forCurrentUser(Path root, String... clients) {
        ProcessRunner asMe = new ProcessRunner(OsUser.current());
        WalferryInstallation inPlace = WalferryInstallation.inPlace(dist(), root.resolve("tls"), clients);
        return new WalferryInstall(inPlace, asMe, asMe);
    }

    /** dist/ copied into the workspace where postgres can run it, clients "primary" and "standby". */
    public static WalferryInstall into(PgWorkspace ws) {
        WalferryInstallation installed = WalferryInstallation.install(
                dist(), ws.root().resolve("walferry"), ws.tools().user(), "primary", "standby");
        return new WalferryInstall(installed, ws.tools().runner(), new ProcessRunner(OsUser.current()));
    }

    private static Path dist() {
        Path dist = Path.of(System.getProperty("walferry.dist", "../dist"))
                .toAbsolutePath()
                .normalize();
        if (!Files.isExecutable(dist.resolve("bin/walferry"))) {
            throw new IllegalStateException(dist + "/bin/walferry is missing: run 'mvn package' (or 'mvn verify') "
                    + "from the top directory first");
        }
        return dist;
    }

    public Path launcher() {
        return launcher;
    }

    public Path tlsDir() {
        return tlsDir;
    }

    /** Client options for {@code archive} on {@code receiver} as {@code identity}. */
    public List<String> clientOptions(ReceiverProcess receiver, String archive, String identity) {
        return installed.clientOptions(receiver.address(), archive, identity);
    }

    /** The command line PostgreSQL would run, as one shell-quoted string (for archive_command and friends). */
    public String shellCommand(String subcommand, List<String> options, String... placeholders) {
        return installed.shellCommand(subcommand, options, placeholders);
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
