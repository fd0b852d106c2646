package dev.walferry.cli.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.walferry.client.failure.ExitCode;
import dev.walferry.protocol.tls.PemFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsIssueCommandTest {

    @TempDir
    Path dir;

    @Test
    void issue_signsANewClientCertificateWithTheExistingCa() throws Exception {
        assertEquals(
                0,
                TlsCli.run("init", "--dir", dir.toString(), "--server-name", "archive.example.com")
                        .exitCode());
        TlsCli run = TlsCli.run("issue", "--dir", dir.toString(), "--client", "standby");
        assertEquals(0, run.exitCode(), run.err());
        X509Certificate ca = PemFiles.readCertificate(dir.resolve("ca.crt"));
        X509Certificate cert = PemFiles.readCertificate(dir.resolve("standby.crt"));
        cert.verify(ca.getPublicKey());
        assertEquals("CN=standby", cert.getSubjectX500Principal().getName());
        assertEquals(
                "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("standby.key"))));
        assertTrue(
                run.out()
                        .contains("walferry push --server archive.example.com:PORT --archive main --tls-dir " + dir
                                + " --identity standby %p %f"),
                run.out());
    }

    @Test
    void issue_existingClient_withoutForce_exitsUsageNamingTheFile() {
        assertEquals(
                0,
                TlsCli.run("init", "--dir", dir.toString(), "--server-name", "h", "--client", "primary")
                        .exitCode());
        TlsCli run = TlsCli.run("issue", "--dir", dir.toString(), "--client", "primary");
        assertEquals(ExitCode.USAGE.code(), run.exitCode());
        assertEquals(
                "walferry tls issue: error: " + dir.resolve("primary.crt") + " already exists; nothing was written"
                        + " (use --force to replace it)\n",
                run.err());
    }

    @Test
    void issue_withoutCaKey_exitsUsageNamingTheMissingFile() {
        TlsCli run = TlsCli.run("issue", "--dir", dir.toString(), "--client", "primary");
        assertEquals(ExitCode.USAGE.code(), run.exitCode());
        assertEquals("walferry tls issue: error: CA certificate " + dir.resolve("ca.crt") + " is missing\n", run.err());
    }

    @Test
    void issue_caKeyOfAnotherCa_exitsUsageSayingTheKeyDoesNotMatch() throws Exception {
        Path other = dir.resolve("other");
        assertEquals(
                0,
                TlsCli.run("init", "--dir", dir.toString(), "--server-name", "h")
                        .exitCode());
        assertEquals(
                0,
                TlsCli.run("init", "--dir", other.toString(), "--server-name", "h")
                        .exitCode());
        Files.copy(other.resolve("ca.key"), dir.resolve("ca.key"), StandardCopyOption.REPLACE_EXISTING);
        TlsCli run = TlsCli.run("issue", "--dir", dir.toString(), "--client", "primary");
        assertEquals(ExitCode.USAGE.code(), run.exitCode());
        assertTrue(run.err().contains("the CA private key does not belong to the CA certificate"), run.err());
    }
}
