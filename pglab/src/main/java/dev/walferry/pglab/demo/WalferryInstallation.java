package dev.walferry.pglab.demo;

import dev.walferry.client.failure.ExitCode;
import dev.walferry.client.failure.WalferryException;
import dev.walferry.pgctl.OsUser;
import dev.walferry.pgctl.PostgresFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A copy of walferry ({@code bin/walferry} and {@code lib/}) where the postgres OS user can run it, with a fresh CA
 * and certificates for the receiver ({@code 127.0.0.1}) and the given clients, readable by postgres.
 */
public final class WalferryInstallation {

    private final Path launcher;
    private final Path tlsDir;

    private WalferryInstallation(Path launcher, Path tlsDir) {
        this.launcher = launcher;
        this.tlsDir = tlsDir;
    }

    /** The PostgreSQL installation for the demo and the benchmark, or a one-line error saying how to install it. */
    public static dev.walferry.pgctl.PgTools postgres() {
        try {
            return dev.walferry.pgctl.PgTools.detect();
        } catch (dev.walferry.pgctl.PgException e) {
            throw new WalferryException(ExitCode.ENVIRONMENT, e.getMessage(), e);
        }
    }

    /** Where this walferry runs from: {@code -Dwalferry.home} (set by bin/walferry), else the jar's folder. */
    public static Path currentHome() {
        String home = System.getProperty("walferry.home");
        if (home != null) {
            return Path.of(home).toAbsolutePath().normalize();
        }
        try {
            Path jar = Path.of(WalferryInstallation.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            return jar.getParent().getParent();
        } catch (Exception e) {
            throw new WalferryException(
                    ExitCode.INTERNAL, "cannot tell where walferry is installed; " + "run it through bin/walferry", e);
        }
    }

    /** Copies {@code home} into {@code target} (owned by {@code user}) and makes certificates in target/tls. */
    public static WalferryInstallation install(Path home, Path target, OsUser user, String... clients) {
        if (!Files.isRegularFile(home.resolve("bin/walferry")) || !Files.isDirectory(home.resolve("lib"))) {
            throw new WalferryException(
                    ExitCode.USAGE,
                    home + " does not hold bin/walferry and lib/: build with "
                            + "'mvn package' and run dist/bin/walferry");
        }
        PostgresFiles.createDirectory(user, target);
        Path copy = PostgresFiles.copyTree(user, home.resolve("bin"), target.resolve("bin"));
        PostgresFiles.copyTree(user, home.resolve("lib"), target.resolve("lib"));
        copy.resolve("walferry").toFile().setExecutable(true, false);
        Path tls = target.resolve("tls");
        makeCertificates(home, tls, clients);
        user.handOver(tls);
        return new WalferryInstallation(copy.resolve("walferry"), tls);
    }

    /** walferry at {@code home} used where it is, with fresh certificates in {@code tlsDir}. */
    public static WalferryInstallation inPlace(Path home, Path tlsDir, String... clients) {
        makeCertificates(home, tlsDir, clients);
        return new WalferryInstallation(home.resolve("bin/walferry"), tlsDir);
    }

    /** Runs {@code walferry tls init} of the installation at {@code home} (a process: this module is below the CLI). */
    private static void makeCertificates(Path home, Path tls, String... clients) {
        List<String> args = new ArrayList<>(List.of(
                home.resolve("bin/walferry").toString(),
                "tls",
                "init",
                "--dir",
                tls.toString(),
                "--server-name",
                "127.0.0.1"));
        for (String c : clients) {
            args.add("--client");
            args.add(c);
        }
        try {
            Process p = new ProcessBuilder(args)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectErrorStream(false)
                    .start();
            String err = new String(p.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new WalferryException(ExitCode.INTERNAL, "walferry tls init failed: " + err);
            }
        } catch (IOException e) {
            throw new WalferryException(ExitCode.INTERNAL, "cannot run " + args.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WalferryException(ExitCode.INTERNAL, "interrupted while making certificates", e);
        }
    }

    public Path launcher() {
        return launcher;
    }

    public Path tlsDir() {
        return tlsDir;
    }

    /** Client options for {@code archive} on {@code server} as {@code identity}. */
    public List<String> clientOptions(String server, String archive, String identity) {
        return List.of(
                "--server", server, "--archive", archive, "--tls-dir", tlsDir.toString(), "--identity", identity);
    }

    /** A command line for postgresql.conf: {@code launcher subcommand options... placeholders...}, shell-quoted. */
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
}
