package dev.walferry.cli.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.walferry.client.failure.ExitCode;
import dev.walferry.protocol.tls.PemFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsRenewCommandTest {

    @TempDir
    Path dir;

    @BeforeEach
    void init() {
        assertEquals(
                0,
                TlsCli.run(
                                "init",
                                "--dir",
                                dir.toString(),
                                "--server-name",
                                "archive.example.com",
                                "--client",
                                "primary")
                        .exitCode());
    }

    @Test
    void renewServer_keepsSubjectAndNames_newSerialAndKey_signedBySameCa() throws Exception {
        X509Certificate before = PemFiles.readCertificate(dir.resolve("server.crt"));
        byte[] keyBefore = Files.readAllBytes(dir.resolve("server.key"));

        TlsCli run = TlsCli.run("renew", "--dir", dir.toString(), "--server");

        assertEquals(0, run.exitCode(), run.err());
        X509Certificate after = PemFiles.readCertificate(dir.resolve("server.crt"));
        after.verify(PemFiles.readCertificate(dir.resolve("ca.crt")).getPublicKey());
        assertEquals(before.getSubjectX500Principal(), after.getSubjectX500Principal());
        assertEquals(List.copyOf(before.getSubjectAlternativeNames()), List.copyOf(after.getSubjectAlternativeNames()));
        assertEquals(before.getExtendedKeyUsage(), after.getExtendedKeyUsage());
        assertNotEquals(before.getSerialNumber(), after.getSerialNumber());
        assertFalse(java.util.Arrays.equals(keyBefore, Files.readAllBytes(dir.resolve("server.key"))), "new key");
        assertTrue(keyFileMatchesCertificate("server"));
    }

    @Test
    void renewClient_keepKey_keepsTheKeyFile_andTheCertificateUsesIt() throws Exception {
        byte[] keyBefore = Files.readAllBytes(dir.resolve("primary.key"));
        X509Certificate before = PemFiles.readCertificate(dir.resolve("primary.crt"));

        TlsCli run = TlsCli.run("renew", "--dir", dir.toString(), "--client", "primary", "--keep-key");

        assertEquals(0, run.exitCode(), run.err());
        X509Certificate after = PemFiles.readCertificate(dir.resolve("primary.crt"));
        assertArrayEquals(keyBefore, Files.readAllBytes(dir.resolve("primary.key")));
        assertEquals(before.getPublicKey(), after.getPublicKey());
        assertEquals("CN=primary", after.getSubjectX500Principal().getName());
        assertNotEquals(before.getSerialNumber(), after.getSerialNumber());
    }

    @Test
    void renew_unknownClient_exitsUsageNamingTheMissingFile() {
        TlsCli run = TlsCli.run("renew", "--dir", dir.toString(), "--client", "nobody");
        assertEquals(ExitCode.USAGE.code(), run.exitCode());
        assertEquals(
                "walferry tls renew: error: " + dir.resolve("nobody.crt") + " does not exist: nothing to renew "
                        + "(use tls init or tls issue)\n",
                run.err());
    }

    @Test
    void renew_withoutServerOrClient_exitsUsage() {
        TlsCli run = TlsCli.run("renew", "--dir", dir.toString());
        assertEquals(ExitCode.USAGE.code(), run.exitCode());
        assertEquals("walferry tls renew: error: nothing to renew: give --server and/or --client ID\n", run.err());
    }

    /** NAME.key signs what NAME.crt's public key verifies. */
    private boolean keyFileMatchesCertificate(String name) throws Exception {
        java.security.PrivateKey key = PemFiles.readPrivateKey(dir.resolve(name + ".key"));
        X509Certificate cert = PemFiles.readCertificate(dir.resolve(name + ".crt"));
        java.security.Signature s = java.security.Signature.getInstance("SHA256withECDSA");
        s.initSign(key);
        s.update(new byte[] {1, 2, 3});
        byte[] sig = s.sign();
        java.security.Signature v = java.security.Signature.getInstance("SHA256withECDSA");
        v.initVerify(cert.getPublicKey());
        v.update(new byte[] {1, 2, 3});
        return v.verify(sig);
    }
}
