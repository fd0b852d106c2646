package dev.walferry.cli.tls;

import org.bouncycastle.asn1.x509.KeyPurposeId;

/** Extended key usages a leaf certificate may carry; TLS peers refuse a certificate without the one they need. */
public enum KeyPurpose {
    /** The receiver's certificate. */
    SERVER_AUTH(KeyPurposeId.id_kp_serverAuth),
    /** A client's (primary's or standby's) certificate. */
    CLIENT_AUTH(KeyPurposeId.id_kp_clientAuth);

    private final KeyPurposeId id;

    KeyPurpose(KeyPurposeId id) {
        this.id = id;
    }

    KeyPurposeId id() {
        return id;
    }
}
