package dev.walferry.cli.tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;

/** A certificate and the private key of its public key. */
public record CertifiedKey(X509Certificate certificate, PrivateKey privateKey) {

    public CertifiedKey {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
    }
}
