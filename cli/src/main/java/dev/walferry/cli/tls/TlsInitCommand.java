package dev.walferry.cli.tls;

import dev.walferry.client.failure.ExitCode;
import dev.walferry.client.failure.WalferryException;
import dev.walferry.protocol.tls.TlsFiles;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code walferry tls init}: a new CA, the receiver's certificate and the clients' certificates in one
 * directory, then instructions saying which files go to which host.
 */
@Command(
        name = "init",
        description = "Create a CA, a receiver certificate and client certificates as PEM files in a directory.")
public final class TlsInitCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = "--dir",
            required = true,
            paramLabel = "D",
            description = "Directory for the files; created with mode 0700 if missing.")
    Path dir;

    @Option(
            names = "--server-name",
            required = true,
            paramLabel = "NAME",
            description = "Host name or IP address that clients use to reach the receiver.")
    String serverName;

    @Option(
            names = "--client",
            paramLabel = "ID",
            description = "A client identity to make a certificate for (repeatable).")
    List<String> clients = new ArrayList<>();

    @Option(
            names = "--days",
            paramLabel = "N",
            defaultValue = "" + CertificateIssuer.DEFAULT_LEAF_DAYS,
            description = "Validity of the receiver and client certificates in days (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--force", description = "Replace existing files.")
    boolean force;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help and exit.")
    boolean help;

    @Override
    public Integer call() {
        if (!ServerNames.isValid(serverName)) {
            throw new WalferryException(
                    ExitCode.USAGE,
                    "--server-name '" + serverName + "' is not a DNS host name or an IPv4/IPv6 address");
        }
        TlsDirectory.checkDays(days, CertificateIssuer.CA_DAYS);
        Set<String> identities = new LinkedHashSet<>();
        for (String client : clients) {
            if (!identities.add(TlsDirectory.identity(client))) {
                throw new WalferryException(ExitCode.USAGE, "--client " + client + " is given twice");
            }
        }
        List<Path> files = new ArrayList<>(
                List.of(TlsFiles.caCert(dir), TlsFiles.caKey(dir), TlsFiles.serverCert(dir), TlsFiles.serverKey(dir)));
        for (String id : identities) {
            files.add(TlsDirectory.clientCert(dir, id));
            files.add(TlsDirectory.clientKey(dir, id));
        }
        TlsDirectory.create(dir);
        TlsDirectory.refuseExisting(files, force);

        Instant now = Instant.now();
        Validity leaf = Validity.days(now, days);
        CertificateIssuer issuer;
        try {
            issuer = new CertificateIssuer(CertificateIssuer.newCa(
                    "walferry CA for " + ServerNames.bare(serverName), Validity.days(now, CertificateIssuer.CA_DAYS)));
            TlsDirectory.write(TlsFiles.caCert(dir), TlsFiles.caKey(dir), issuer.ca());
            TlsDirectory.write(TlsFiles.serverCert(dir), TlsFiles.serverKey(dir), issuer.issueServer(serverName, leaf));
            for (String id : identities) {
                TlsDirectory.write(
                        TlsDirectory.clientCert(dir, id),
                        TlsDirectory.clientKey(dir, id),
                        issuer.issueClient(id, leaf));
            }
        } catch (GeneralSecurityException e) {
            throw new WalferryException(
                    ExitCode.INTERNAL, "cannot make certificates for " + dir + ": " + e.getMessage(), e);
        }
        new SetupInstructions(dir.toAbsolutePath().normalize(), serverName, leaf)
                .print(spec.commandLine().getOut(), List.copyOf(identities));
        return ExitCode.OK.code();
    }
}
