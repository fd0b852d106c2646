package dev.walferry.cli.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CertificateIssuerTest {

    private static CertificateIssuer issuer;

    @BeforeAll
    static void makeCa() throws Exception {
        issuer = new CertificateIssuer(CertificateIssuer.newCa("test CA", Validity.days(Instant.now(), 10)));
    }

    @Test
    void issueClient_expiredValidity_makesAnExpiredCertificate() throws Exception {
        Instant now = Instant.now();
        X509Certificate cert = issuer.issueClient(
                        "old", new Validity(now.minus(Duration.ofDays(2)), now.minus(Duration.ofDays(1))))
                .certificate();
        assertThrows(CertificateExpiredException.class, cert::checkValidity);
    }

    @Test
    void issueClient_futureValidity_makesANotYetValidCertificate() throws Exception {
        Instant now = Instant.now();
        X509Certificate cert = issuer.issueClient(
                        "early", new Validity(now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(2))))
                .certificate();
        assertThrows(CertificateNotYetValidException.class, cert::checkValidity);
    }

    @Test
    void issueLeaf_serverAuthOnly_makesAClientCertificateWithTheWrongUsage() throws Exception {
        X509Certificate cert = issuer.issueLeaf(
                        "wrong", List.of(), Set.of(KeyPurpose.SERVER_AUTH), Validity.days(Instant.now(), 1))
                .certificate();
        assertEquals(List.of("1.3.6.1.5.5.7.3.1"), cert.getExtendedKeyUsage());
        assertNull(cert.getSubjectAlternativeNames());
    }

    @Test
    void serialNumbers_arePositive_atMost128Bits_andDiffer() throws Exception {
        Validity validity = Validity.days(Instant.now(), 1);
        X509Certificate a = issuer.issueClient("a", validity).certificate();
        X509Certificate b = issuer.issueClient("a", validity).certificate();
        assertTrue(a.getSerialNumber().signum() > 0);
        assertTrue(a.getSerialNumber().bitLength() <= 128);
        assertTrue(!a.getSerialNumber().equals(b.getSerialNumber()));
    }

    @Test
    void days_startsAnHourEarly_forClockSkew() {
        Instant now = Instant.parse("2030-01-01T00:00:00Z");
        Validity validity = Validity.days(now, 825);
        assertEquals(Instant.parse("2029-12-31T23:00:00Z"), validity.notBefore());
        assertEquals(now.plus(Duration.ofDays(825)), validity.notAfter());
    }

    @Test
    void newIssuer_withALeafCertificate_isRefused() throws Exception {
        CertifiedKey leaf = issuer.issueClient("leaf", Validity.days(Instant.now(), 1));
        assertThrows(IllegalArgumentException.class, () -> new CertificateIssuer(leaf));
    }

    @Test
    void serverNames_ipLiteralsAndHostNames_areValid_typosAreNot() {
        assertTrue(ServerNames.isValid("db-1.example.com"));
        assertTrue(ServerNames.isValid("10.0.0.1"));
        assertTrue(ServerNames.isValid("fe80::1"));
        assertTrue(ServerNames.isValid("[::1]"));
        assertTrue(!ServerNames.isValid("10.0.0"));
        assertTrue(!ServerNames.isValid("300.1.1.1"));
        assertTrue(!ServerNames.isValid("-host"));
        assertTrue(!ServerNames.isValid("host name"));
        assertTrue(!ServerNames.isValid(""));
    }
}
