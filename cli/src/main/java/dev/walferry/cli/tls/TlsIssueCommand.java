package dev.walferry.cli.tls;

import dev.walferry.client.failure.ExitCode;
import dev.walferry.client.failure.WalferryException;
import dev.walferry.protocol.tls.PemFiles;
import dev.walferry.protocol.tls.TlsFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code walferry tls issue}: one more client certificate, signed with the CA that {@code tls init} made. */
@Command(name = "issue", description = "Sign a new client certificate with the CA in D (ca.crt and ca.key).")
public final class TlsIssueCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--dir", required = true, paramLabel = "D", description = "Directory holding ca.crt and ca.key.")
    Path dir;

    @Option(names = "--client", required = true, paramLabel = "ID", description = "The client identity.")
    String client;

    @Option(
            names = "--days",
            paramLabel = "N",
            defaultValue = "" + CertificateIssuer.DEFAULT_LEAF_DAYS,
            description = "Validity in days (default: ${DEFAULT-VALUE}); never beyond the CA's own.")
    int days;

    @Option(names = "--force", description = "Replace an existing certificate of that client.")
    boolean force;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help and exit.")
    boolean help;

    @Override
    public Integer call() {
        String id = TlsDirectory.identity(client);
        TlsDirectory.checkDays(days, CertificateIssuer.CA_DAYS);
        Path cert = TlsDirectory.clientCert(dir, id);
        Path key = TlsDirectory.clientKey(dir, id);
        TlsDirectory.refuseExisting(List.of(cert, key), force);
        CertifiedKey ca = readCa(dir);
        Instant caExpiry = ca.certificate().getNotAfter().toInstant();
        if (!caExpiry.isAfter(Instant.now())) {
            throw new WalferryException(
                    ExitCode.USAGE,
                    "CA certificate " + TlsFiles.caCert(dir) + " expired on " + caExpiry
                            + "; run walferry tls init for a new CA");
        }
        Validity validity = Validity.days(Instant.now(), days).endingBy(caExpiry);
        try {
            TlsDirectory.write(cert, key, new CertificateIssuer(ca).issueClient(id, validity));
        } catch (IllegalArgumentException e) {
            throw new WalferryException(ExitCode.USAGE, TlsFiles.caCert(dir) + ": " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new WalferryException(
                    ExitCode.USAGE,
                    "cannot sign with " + TlsFiles.caKey(dir) + " and " + TlsFiles.caCert(dir) + ": " + e.getMessage(),
                    e);
        }
        new SetupInstructions(dir.toAbsolutePath().normalize(), serverName(ca.certificate()), validity)
                .printIssued(spec.commandLine().getOut(), id);
        return ExitCode.OK.code();
    }

    /** The CA certificate and key in {@code dir}, as a USAGE failure naming the file when unusable. */
    static CertifiedKey readCa(Path dir) {
        Path caCert = TlsFiles.caCert(dir);
        Path caKey = TlsFiles.caKey(dir);
        try {
            TlsFiles.requireReadable(caCert, "CA certificate");
            TlsFiles.requireReadable(caKey, "CA private key");
            return new CertifiedKey(PemFiles.readCertificate(caCert), PemFiles.readPrivateKey(caKey));
        } catch (IOException e) {
            throw new WalferryException(ExitCode.USAGE, e.getMessage(), e);
        }
    }

    /** The receiver name recorded in the CA's name by {@code tls init}, or a placeholder. */
    private static String serverName(X509Certificate ca) {
        String subject = ca.getSubjectX500Principal().getName();
        String prefix = "CN=walferry CA for ";
        return subject.startsWith(prefix) && !subject.contains(",") ? subject.substring(prefix.length()) : "NAME";
    }
}
