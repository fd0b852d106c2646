package dev.walferry.cli.tls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Makes the certificates of a walferry deployment with Bouncy Castle: one CA, the receiver's certificate and
 * one certificate per client identity. Keys are EC P-256 (small, and the fastest common choice for a
 * handshake); certificates are signed with ECDSA/SHA-256. Only the JDK's providers are used; nothing is
 * registered globally.
 */
public final class CertificateIssuer {

    /** Lifetime of a CA made by {@code tls init}: ten years, so that leaves can be reissued without a new CA. */
    public static final int CA_DAYS = 3650;

    /** Default lifetime of receiver and client certificates: 825 days, the longest browsers ever accepted. */
    public static final int DEFAULT_LEAF_DAYS = 825;

    /** Names always added to the receiver certificate, so that local tests and tunnels work. */
    public static final List<String> LOCAL_NAMES = List.of("localhost", "127.0.0.1", "::1");

    private static final String CURVE = "secp256r1";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final CertifiedKey ca;

    /** An issuer signing with {@code ca}, which must be a CA certificate and its key. */
    public CertificateIssuer(CertifiedKey ca) {
        if (Objects.requireNonNull(ca, "ca").certificate().getBasicConstraints() < 0) {
            throw new IllegalArgumentException("certificate " + ca.certificate().getSubjectX500Principal()
                    + " is not a CA certificate (basicConstraints CA:false or missing)");
        }
        this.ca = ca;
    }

    /** A new self-signed CA: basicConstraints CA:true, keyUsage keyCertSign and cRLSign. */
    public static CertifiedKey newCa(String commonName, Validity validity) throws GeneralSecurityException {
        KeyPair keys = newKeyPair();
        X500Name subject = name(commonName);
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder builder = builder(subject, subject, keys.getPublic(), validity);
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(
                            Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
        } catch (CertIOException e) {
            throw new GeneralSecurityException("cannot encode CA extensions: " + e.getMessage(), e);
        }
        return new CertifiedKey(sign(builder, keys.getPrivate()), keys.getPrivate());
    }

    public CertifiedKey ca() {
        return ca;
    }

    /**
     * The receiver's certificate: CN = {@code serverName}; SANs = {@code serverName} (as an IP address if it is
     * an IPv4/IPv6 literal, else as a DNS name) and {@link #LOCAL_NAMES}; extended key usage serverAuth.
     */
    public CertifiedKey issueServer(String serverName, Validity validity) throws GeneralSecurityException {
        List<String> names = new ArrayList<>();
        names.add(serverName);
        names.addAll(LOCAL_NAMES);
        return issueLeaf(ServerNames.bare(serverName), names, Set.of(KeyPurpose.SERVER_AUTH), validity);
    }

    /** The certificate of client {@code identity}: CN = identity, no SANs, extended key usage clientAuth. */
    public CertifiedKey issueClient(String identity, Validity validity) throws GeneralSecurityException {
        return issueLeaf(identity, List.of(), Set.of(KeyPurpose.CLIENT_AUTH), validity);
    }

    /**
     * Any end-entity certificate: CN = {@code commonName}, the given SANs (see {@link ServerNames}), keyUsage
     * digitalSignature, and the given extended key usages (none: the extension is left out, which allows any
     * use). Tests use it for certificates with the wrong usage.
     */
    public CertifiedKey issueLeaf(
            String commonName, List<String> subjectAltNames, Set<KeyPurpose> purposes, Validity validity)
            throws GeneralSecurityException {
        return issueLeaf(commonName, subjectAltNames, purposes, validity, newKeyPair());
    }

    /** As {@link #issueLeaf(String, List, Set, Validity)}, for the given key pair (a renewal that keeps the key). */
    public CertifiedKey issueLeaf(
            String commonName, List<String> subjectAltNames, Set<KeyPurpose> purposes, Validity validity, KeyPair keys)
            throws GeneralSecurityException {
        Set<GeneralName> sans = new LinkedHashSet<>();
        for (String san : subjectAltNames) {
            sans.add(ServerNames.toGeneralName(san));
        }
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder builder = builder(issuerName(), name(commonName), keys.getPublic(), validity);
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(
                            Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()))
                    .addExtension(
                            Extension.authorityKeyIdentifier,
                            false,
                            ext.createAuthorityKeyIdentifier(ca.certificate()));
            if (!purposes.isEmpty()) {
                KeyPurposeId[] ids =
                        purposes.stream().sorted().map(KeyPurpose::id).toArray(KeyPurposeId[]::new);
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(ids));
            }
            if (!sans.isEmpty()) {
                builder.addExtension(
                        Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(GeneralName[]::new)));
            }
        } catch (CertIOException e) {
            throw new GeneralSecurityException("cannot encode certificate extensions: " + e.getMessage(), e);
        }
        X509Certificate cert = sign(builder, ca.privateKey());
        try {
            cert.verify(ca.certificate().getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new GeneralSecurityException("the CA private key does not belong to the CA certificate", e);
        }
        return new CertifiedKey(cert, keys.getPrivate());
    }

    private X500Name issuerName() {
        X500Principal principal = ca.certificate().getSubjectX500Principal();
        return X500Name.getInstance(principal.getEncoded());
    }

    private static X509v3CertificateBuilder builder(
            X500Name issuer, X500Name subject, PublicKey key, Validity validity) {
        return new JcaX509v3CertificateBuilder(
                issuer, serialNumber(), Date.from(validity.notBefore()), Date.from(validity.notAfter()), subject, key);
    }

    /** A random positive 128-bit serial number (RFC 5280 allows up to 20 octets; CAs use at least 64 bits). */
    private static BigInteger serialNumber() {
        BigInteger serial;
        do {
            serial = new BigInteger(128, RANDOM);
        } while (serial.signum() == 0);
        return serial;
    }

    private static X500Name name(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.CN, commonName)
                .build();
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec(CURVE), RANDOM);
        return generator.generateKeyPair();
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer)
            throws GeneralSecurityException {
        String algorithm =
                switch (signer.getAlgorithm()) {
                    case "EC" -> "SHA256withECDSA";
                    case "RSA" -> "SHA256withRSA";
                    default ->
                        throw new GeneralSecurityException("unsupported CA key algorithm " + signer.getAlgorithm());
                };
        try {
            return new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder(algorithm).build(signer)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(
                    "cannot sign with the " + signer.getAlgorithm() + " key: " + e.getMessage(), e);
        }
    }
}
