package dev.walferry.client.transport;

import dev.walferry.protocol.tls.TlsConfigException;
import dev.walferry.protocol.tls.TlsFiles;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Set;
import javax.net.ssl.CertPathTrustManagerParameters;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The client's {@link SSLContext}, built with the JDK alone: this runs once per archive_command call, and skipping
 * Netty's context builder and key stores saves a large part of the per-call start-up (docs/performance.md). Trust is
 * the PKIX validator of the JDK anchored at {@code ca.crt} only; the key manager offers {@code ID.crt}/{@code ID.key}.
 */
public final class ClientTlsContext {

    private ClientTlsContext() {}

    public static SSLContext load(Path tlsDir, String identity) throws TlsConfigException {
        Path caFile = TlsFiles.requireReadable(TlsFiles.caCert(tlsDir), "CA certificate");
        Path certFile = TlsFiles.requireReadable(TlsFiles.clientCert(tlsDir, identity), "client certificate");
        Path keyFile = TlsFiles.requireReadable(TlsFiles.clientKey(tlsDir, identity), "client key");
        X509Certificate ca = certificate(caFile);
        X509Certificate cert = certificate(certFile);
        PrivateKey key = privateKey(keyFile, cert);
        try {
            PKIXBuilderParameters pkix =
                    new PKIXBuilderParameters(Set.of(new TrustAnchor(ca, null)), new X509CertSelector());
            pkix.setRevocationEnabled(false);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(new CertPathTrustManagerParameters(pkix));
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(
                    new javax.net.ssl.KeyManager[] {new SingleKeyManager(identity, key, cert)},
                    tmf.getTrustManagers(),
                    null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new TlsConfigException("cannot set up TLS with " + caFile + ": " + e.getMessage(), e);
        }
    }

    private static X509Certificate certificate(Path file) throws TlsConfigException {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException | GeneralSecurityException | ClassCastException e) {
            throw new TlsConfigException(file + " is not a PEM certificate: " + e.getMessage(), e);
        }
    }

    private static PrivateKey privateKey(Path file, X509Certificate cert) throws TlsConfigException {
        try {
            String pem = Files.readString(file);
            int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
            int end = pem.indexOf("-----END PRIVATE KEY-----");
            if (begin < 0 || end < begin) {
                throw new TlsConfigException(file + " is not an unencrypted PKCS#8 PEM key (BEGIN PRIVATE KEY)");
            }
            byte[] der = Base64.getMimeDecoder().decode(pem.substring(begin + 27, end));
            String alg = cert.getPublicKey().getAlgorithm();
            return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            if (e instanceof TlsConfigException t) {
                throw t;
            }
            throw new TlsConfigException("cannot read private key " + file + ": " + e.getMessage(), e);
        }
    }

    /** Offers exactly one certificate and key. */
    private static final class SingleKeyManager extends X509ExtendedKeyManager {
        private final String alias;
        private final PrivateKey key;
        private final X509Certificate[] chain;

        SingleKeyManager(String alias, PrivateKey key, X509Certificate cert) {
            this.alias = alias;
            this.key = key;
            this.chain = new X509Certificate[] {cert};
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[] {alias};
        }

        @Override
        public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
            return alias;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
            return alias;
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String a) {
            return alias.equals(a) ? chain.clone() : null;
        }

        @Override
        public PrivateKey getPrivateKey(String a) {
            return alias.equals(a) ? key : null;
        }
    }
}
