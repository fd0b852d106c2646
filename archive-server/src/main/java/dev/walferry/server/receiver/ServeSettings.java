package dev.walferry.server.receiver;

import dev.walferry.protocol.tls.PemFiles;
import dev.walferry.protocol.tls.TlsConfigException;
import dev.walferry.protocol.tls.TlsContexts;
import dev.walferry.protocol.tls.TlsFiles;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** The checks and conversions of serve's options that start-up and reload share. */
public final class ServeSettings {

    private ServeSettings() {}

    /** Each archive name once. */
    static void checkArchives(List<ArchiveSpec> archives) {
        Set<String> names = new HashSet<>();
        for (ArchiveSpec a : archives) {
            if (!names.add(a.name())) {
                throw new ReceiverStartException(
                        ReceiverStartException.Reason.CONFIG, "--archive: archive \"" + a.name() + "\" defined twice");
            }
        }
    }

    /** Archive name → identities allowed, every name one of {@code archives}. */
    static Map<String, Set<String>> allowed(List<AllowSpec> allows, List<ArchiveSpec> archives) {
        Set<String> names = archives.stream().map(ArchiveSpec::name).collect(Collectors.toSet());
        Map<String, Set<String>> allowed = new LinkedHashMap<>();
        for (AllowSpec a : allows) {
            if (!names.contains(a.archive())) {
                throw new ReceiverStartException(
                        ReceiverStartException.Reason.CONFIG,
                        "--allow names archive \"" + a.archive() + "\", which no --archive defines");
            }
            allowed.computeIfAbsent(a.archive(), k -> new TreeSet<>()).add(a.identity());
        }
        return allowed;
    }

    /**
     * The receiver's TLS context from the files in {@code dir} as they are now, after checking that server.key belongs
     * to server.crt (a renewal writes them one after the other; a reload in between must fail, not serve a pair that
     * no handshake can use).
     */
    static SslContext tls(Path dir) {
        try {
            checkKeyMatches(TlsFiles.serverCert(dir), TlsFiles.serverKey(dir));
            return TlsContexts.server(dir);
        } catch (TlsConfigException e) {
            throw new ReceiverStartException(ReceiverStartException.Reason.TLS, e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new ReceiverStartException(
                    ReceiverStartException.Reason.TLS,
                    "cannot load the receiver's TLS files from " + dir + ": " + e.getMessage(),
                    e);
        }
    }

    private static void checkKeyMatches(Path certFile, Path keyFile) throws TlsConfigException {
        TlsFiles.requireReadable(certFile, "receiver certificate");
        TlsFiles.requireReadable(keyFile, "receiver private key");
        try {
            X509Certificate cert = PemFiles.readCertificate(certFile);
            PrivateKey key = PemFiles.readPrivateKey(keyFile);
            String algorithm = key.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
            byte[] probe = "walferry key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(cert.getPublicKey());
            verifier.update(probe);
            if (!verifier.verify(signature)) {
                throw new TlsConfigException("receiver private key " + keyFile + " does not belong to " + certFile
                        + " (a renewal in progress? reload again once both are written)");
            }
        } catch (IOException e) {
            throw new TlsConfigException(e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new TlsConfigException(
                    "receiver private key " + keyFile + " does not belong to " + certFile + ": " + e.getMessage(), e);
        }
    }

    /** "TLS from DIR (receiver certificate serial S, valid until T)", for the start and reload log lines. */
    static String describeTls(Path dir) {
        Path cert = TlsFiles.serverCert(dir);
        try (InputStream in = Files.newInputStream(cert)) {
            X509Certificate c =
                    (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            return "TLS from " + dir + " (receiver certificate serial "
                    + c.getSerialNumber().toString(16) + ", valid until "
                    + c.getNotAfter().toInstant() + ")";
        } catch (IOException | GeneralSecurityException e) {
            return "TLS from " + dir;
        }
    }

    static String describeAllowed(Map<String, Set<String>> allowed) {
        return allowed.isEmpty()
                ? "every client of the CA on every archive"
                : allowed.entrySet().stream()
                        .map(e -> e.getKey() + "=" + String.join(",", e.getValue()))
                        .collect(Collectors.joining("; "));
    }

    /** The settings that differ between {@code running} and {@code fresh} and take effect only on restart. */
    static List<String> restartOnly(ReceiverConfig running, ReceiverConfig fresh) {
        List<String> changed = new ArrayList<>();
        add(changed, "--listen", running.listen(), fresh.listen());
        add(changed, "--archive", running.archives(), fresh.archives());
        add(changed, "--io-threads", running.ioThreads(), fresh.ioThreads());
        add(changed, "--fsync-warn-ms", running.fsyncWarn(), fresh.fsyncWarn());
        add(changed, "--metrics-listen", running.metricsListen(), fresh.metricsListen());
        ReceiverConfig.S3Options a = running.s3();
        ReceiverConfig.S3Options b = fresh.s3();
        add(changed, "--s3-endpoint", a.endpoint(), b.endpoint());
        add(changed, "--s3-region", a.region(), b.region());
        add(changed, "--s3-addressing", a.addressing(), b.addressing());
        add(changed, "--s3-timeout", a.timeout(), b.timeout());
        add(changed, "--s3-temp-dir", a.tempDir(), b.tempDir());
        return changed;
    }

    /** Adds {@code option} to {@code changed} when {@code before} and {@code after} differ. */
    public static void add(List<String> changed, String option, Object before, Object after) {
        if (!Objects.equals(before, after)) {
            changed.add(option);
        }
    }
}
