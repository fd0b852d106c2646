package dev.walferry.cli.tls;

import dev.walferry.client.failure.ExitCode;
import dev.walferry.client.failure.WalferryException;
import dev.walferry.protocol.tls.PemFiles;
import dev.walferry.protocol.tls.TlsFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code walferry tls renew}: a new certificate for the receiver and/or clients, from the same CA, with the same
 * names as the current one. A new key by default (a renewal is the moment to rotate it); {@code --keep-key} keeps
 * the current private key. The key is written before the certificate, each atomically; the receiver's reload checks
 * that they belong together, so a SIGHUP in between is refused and the running certificate stays.
 */
@Command(
        name = "renew",
        description = {
            "Renew the receiver's and/or clients' certificates with the CA in D, keeping "
                    + "their names. A new key unless --keep-key.",
            "Then: SIGHUP the receiver (systemctl reload walferry-receiver) or copy ID.crt/ID.key to the client."
        })
public final class TlsRenewCommand implements Callable<Integer> {

    /** SAN type numbers of {@link X509Certificate#getSubjectAlternativeNames}: dNSName and iPAddress. */
    private static final int DNS = 2;

    private static final int IP = 7;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--dir",
            required = true,
            paramLabel = "D",
            description = "Directory holding ca.crt, ca.key and the certificates to renew.")
    Path dir;

    @Option(names = "--server", description = "Renew the receiver's certificate (server.crt, server.key).")
    boolean server;

    @Option(names = "--client", paramLabel = "ID", description = "Renew the certificate of client ID (repeatable).")
    List<String> clients = new ArrayList<>();

    @Option(
            names = "--days",
            paramLabel = "N",
            defaultValue = "" + CertificateIssuer.DEFAULT_LEAF_DAYS,
            description = "Validity in days (default: ${DEFAULT-VALUE}); never beyond the CA's own.")
    int days;

    @Option(names = "--keep-key", description = "Keep the current private key (default: make a new one).")
    boolean keepKey;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help and exit.")
    boolean help;

    @Override
    public Integer call() {
        if (!server && clients.isEmpty()) {
            throw new WalferryException(ExitCode.USAGE, "nothing to renew: give --server and/or --client ID");
        }
        TlsDirectory.checkDays(days, CertificateIssuer.CA_DAYS);
        Set<String> ids = new LinkedHashSet<>();
        clients.forEach(c -> ids.add(TlsDirectory.identity(c)));
        CertifiedKey ca = TlsIssueCommand.readCa(dir);
        Instant caExpiry = ca.certificate().getNotAfter().toInstant();
        if (!caExpiry.isAfter(Instant.now())) {
            throw new WalferryException(
                    ExitCode.USAGE,
                    "CA certificate " + TlsFiles.caCert(dir) + " expired on " + caExpiry
                            + "; run walferry tls init for a new CA");
        }
        Validity validity = Validity.days(Instant.now(), days).endingBy(caExpiry);
        CertificateIssuer issuer = new CertificateIssuer(ca);
        PrintWriter out = spec.commandLine().getOut();
        LocalDate until = LocalDate.ofInstant(validity.notAfter(), ZoneOffset.UTC);
        if (server) {
            X509Certificate renewed =
                    renew(issuer, TlsFiles.serverCert(dir), TlsFiles.serverKey(dir), KeyPurpose.SERVER_AUTH, validity);
            out.printf(
                    "Renewed the receiver certificate %s (serial %s, until %s UTC)%s.%n",
                    TlsFiles.serverCert(dir),
                    renewed.getSerialNumber().toString(16),
                    until,
                    keepKey ? ", same key" : " and its key");
            out.printf(
                    "Copy %s and %s to the receiver's TLS directory, then reload it: systemctl reload "
                            + "walferry-receiver (or kill -HUP its pid).%n",
                    TlsFiles.SERVER_CERT, TlsFiles.SERVER_KEY);
        }
        for (String id : ids) {
            X509Certificate renewed = renew(
                    issuer,
                    TlsDirectory.clientCert(dir, id),
                    TlsDirectory.clientKey(dir, id),
                    KeyPurpose.CLIENT_AUTH,
                    validity);
            out.printf(
                    "Renewed the certificate of client %s (serial %s, until %s UTC)%s; copy %s%s to its host.%n",
                    id,
                    renewed.getSerialNumber().toString(16),
                    until,
                    keepKey ? ", same key" : " and its key",
                    id + TlsFiles.CERT_SUFFIX,
                    keepKey ? "" : " and " + id + TlsFiles.KEY_SUFFIX);
        }
        out.flush();
        return ExitCode.OK.code();
    }

    /** Re-issues the certificate in {@code certFile} with its subject and names; writes key (if new), then cert. */
    private X509Certificate renew(
            CertificateIssuer issuer, Path certFile, Path keyFile, KeyPurpose purpose, Validity validity) {
        for (Path f : List.of(certFile, keyFile)) {
            if (!Files.exists(f)) {
                throw new WalferryException(
                        ExitCode.USAGE, f + " does not exist: nothing to renew (use tls init or " + "tls issue)");
            }
        }
        try {
            X509Certificate old = PemFiles.readCertificate(certFile);
            PrivateKey oldKey = PemFiles.readPrivateKey(keyFile);
            String cn = commonName(old);
            List<String> sans = subjectAltNames(old);
            CertifiedKey fresh = keepKey
                    ? issuer.issueLeaf(cn, sans, Set.of(purpose), validity, new KeyPair(old.getPublicKey(), oldKey))
                    : issuer.issueLeaf(cn, sans, Set.of(purpose), validity);
            if (keepKey) {
                PemFiles.writeCertificate(certFile, fresh.certificate());
            } else {
                TlsDirectory.write(certFile, keyFile, fresh);
            }
            return fresh.certificate();
        } catch (IOException e) {
            throw new WalferryException(ExitCode.LOCAL_IO, e.getMessage(), e);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new WalferryException(ExitCode.USAGE, "cannot renew " + certFile + ": " + e.getMessage(), e);
        }
    }

    private static String commonName(X509Certificate c) {
        for (String rdn : c.getSubjectX500Principal().getName().split(",")) {
            if (rdn.startsWith("CN=")) {
                return rdn.substring(3);
            }
        }
        throw new IllegalArgumentException("its subject " + c.getSubjectX500Principal() + " has no CN");
    }

    private static List<String> subjectAltNames(X509Certificate c) throws CertificateParsingException {
        List<String> names = new ArrayList<>();
        Collection<List<?>> all = c.getSubjectAlternativeNames();
        if (all != null) {
            for (List<?> san : all) {
                int type = (Integer) san.get(0);
                if (type == DNS || type == IP) {
                    names.add((String) san.get(1));
                }
            }
        }
        return names;
    }
}
