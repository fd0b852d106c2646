package dev.walferry.cli.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.walferry.client.failure.ExitCode;
import dev.walferry.protocol.tls.PemFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsInitCommandTest {

    @TempDir
    Path tmp;

    private Path init(Path dir, String... extra) {
        String[] args = new String[4 + extra.length];
        args[0] = "init";
        args[1] = "--dir=" + dir;
        args[2] = "--server-name=archive.example.com";
        args[3] = "--client=primary";
        System.arraycopy(extra, 0, args, 4, extra.length);
        TlsCli run = TlsCli.run(args);
        assertEquals(0, run.exitCode(), run.err());
        return dir;
    }

    private static String mode(Path file) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }

    @Test
    void init_writesCaServerAndClientFiles_keysMode0600_certsMode0644_dirMode0700() throws Exception {
        Path dir = init(tmp.resolve("tls"), "--client=standby");
        assertEquals("rwx------", mode(dir));
        for (String key : List.of("ca.key", "server.key", "primary.key", "standby.key")) {
            assertEquals("rw-------", mode(dir.resolve(key)), key);
        }
        for (String cert : List.of("ca.crt", "server.crt", "primary.crt", "standby.crt")) {
            assertEquals("rw-r--r--", mode(dir.resolve(cert)), cert);
        }
        try (var files = Files.list(dir)) {
            assertEquals(8, files.count(), "no temporary files left behind");
        }
    }

    @Test
    void init_privateKeys_areUnencryptedPkcs8Pem() throws Exception {
        Path dir = init(tmp.resolve("tls"));
        assertTrue(Files.readString(dir.resolve("primary.key")).startsWith("-----BEGIN PRIVATE KEY-----\n"));
        assertTrue(Files.readString(dir.resolve("server.crt")).startsWith("-----BEGIN CERTIFICATE-----\n"));
        assertEquals("EC", PemFiles.readPrivateKey(dir.resolve("server.key")).getAlgorithm());
    }

    @Test
    void init_certificatesChainToTheCaWithTheRightUsages() throws Exception {
        Path dir = init(tmp.resolve("tls"));
        X509Certificate ca = PemFiles.readCertificate(dir.resolve("ca.crt"));
        X509Certificate server = PemFiles.readCertificate(dir.resolve("server.crt"));
        X509Certificate client = PemFiles.readCertificate(dir.resolve("primary.crt"));
        ca.verify(ca.getPublicKey());
        server.verify(ca.getPublicKey());
        client.verify(ca.getPublicKey());
        assertTrue(ca.getBasicConstraints() >= 0);
        assertEquals(-1, server.getBasicConstraints());
        assertEquals("CN=archive.example.com", server.getSubjectX500Principal().getName());
        assertEquals("CN=primary", client.getSubjectX500Principal().getName());
        assertEquals(List.of("1.3.6.1.5.5.7.3.1"), server.getExtendedKeyUsage()); // serverAuth
        assertEquals(List.of("1.3.6.1.5.5.7.3.2"), client.getExtendedKeyUsage()); // clientAuth
        assertTrue(client.getKeyUsage()[0], "digitalSignature");
        assertTrue(ca.getKeyUsage()[5] && ca.getKeyUsage()[6], "keyCertSign and cRLSign");
    }

    @Test
    void init_serverCertificate_hasTheNameAndLocalNamesAsSans() throws Exception {
        Path dir = init(tmp.resolve("tls"));
        X509Certificate server = PemFiles.readCertificate(dir.resolve("server.crt"));
        assertEquals(
                List.of(
                        List.of(2, "archive.example.com"),
                        List.of(2, "localhost"),
                        List.of(7, "127.0.0.1"),
                        List.of(7, "0:0:0:0:0:0:0:1")),
                List.copyOf(server.getSubjectAlternativeNames()));
    }

    @Test
    void init_ipv6ServerName_becomesAnIpAddressSan() throws Exception {
        Path dir = tmp.resolve("tls");
        TlsCli run =
                TlsCli.run("init", "--dir", dir.toString(), "--server-name", "[2001:db8::7]", "--client", "primary");
        assertEquals(0, run.exitCode(), run.err());
        X509Certificate server = PemFiles.readCertificate(dir.resolve("server.crt"));
        assertTrue(server.getSubjectAlternativeNames().contains(List.of(7, "2001:db8:0:0:0:0:0:7")));
        assertTrue(run.out().contains("--server [2001:db8::7]:PORT "), run.out());
    }

    @Test
    void init_ipv4ServerName_becomesAnIpAddressSan() throws Exception {
        Path dir = tmp.resolve("tls");
        assertEquals(
                0,
                TlsCli.run("init", "--dir", dir.toString(), "--server-name", "192.0.2.10")
                        .exitCode());
        X509Certificate server = PemFiles.readCertificate(dir.resolve("server.crt"));
        assertTrue(server.getSubjectAlternativeNames().contains(List.of(7, "192.0.2.10")));
    }

    @Test
    void init_days_setsLeafExpiry_caLastsTenYears() throws Exception {
        Path dir = init(tmp.resolve("tls"), "--days", "30");
        Instant in30Days = Instant.now().plus(Duration.ofDays(30));
        Instant expiry = PemFiles.readCertificate(dir.resolve("primary.crt"))
                .getNotAfter()
                .toInstant();
        assertTrue(Duration.between(expiry, in30Days).abs().compareTo(Duration.ofMinutes(5)) < 0, expiry::toString);
        Instant caExpiry =
                PemFiles.readCertificate(dir.resolve("ca.crt")).getNotAfter().toInstant();
        assertTrue(caExpiry.isAfter(Instant.now().plus(Duration.ofDays(3649))));
    }

    @Test
    void init_printsWhichFilesGoWhereAndTheConfigLines() {
        Path dir = tmp.resolve("tls");
        TlsCli run = TlsCli.run(
                "init", "--dir", dir.toString(), "--server-name", "archive.example.com", "--client", "primary");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("Receiver host: copy ca.crt server.crt server.key"), run.out());
        assertTrue(run.out().contains("walferry serve --tls-dir " + dir), run.out());
        assertTrue(
                run.out()
                        .contains("Host of client primary (the primary, or a standby that restores):"
                                + " copy ca.crt primary.crt primary.key"),
                run.out());
        assertTrue(
                run.out()
                        .contains("archive_command = 'walferry push --server archive.example.com:PORT"
                                + " --archive main --tls-dir " + dir + " --identity primary %p %f'"),
                run.out());
        assertTrue(run.out().contains("Keep ca.key off both hosts"), run.out());
        assertEquals("", run.err());
    }

    @Test
    void init_existingFiles_withoutForce_exitsUsageNamingTheFile_andWritesNothing() throws Exception {
        Path dir = init(tmp.resolve("tls"));
        byte[] before = Files.readAllBytes(dir.resolve("ca.key"));
        TlsCli run = TlsCli.run("init", "--dir", dir.toString(), "--server-name", "other", "--client", "primary");
        assertEquals(ExitCode.USAGE.code(), run.exitCode());
        assertEquals(
                "walferry tls init: error: " + dir.resolve("ca.crt") + " already exists; nothing was written"
                        + " (use --force to replace it)\n",
                run.err());
        assertArrayEquals(before, Files.readAllBytes(dir.resolve("ca.key")));
    }

    @Test
    void init_force_replacesFiles_andRestoresKeyMode0600() throws Exception {
        Path dir = init(tmp.resolve("tls"));
        byte[] before = Files.readAllBytes(dir.resolve("primary.key"));
        Files.setPosixFilePermissions(dir.resolve("primary.key"), PosixFilePermissions.fromString("rw-r--r--"));
        init(dir, "--force");
        assertFalse(Arrays.equals(before, Files.readAllBytes(dir.resolve("primary.key"))));
        assertEquals("rw-------", mode(dir.resolve("primary.key")));
    }

    @Test
    void init_invalidIdentity_exitsUsage_beforeCreatingTheDirectory() {
        Path dir = tmp.resolve("tls");
        TlsCli run = TlsCli.run("init", "--dir", dir.toString(), "--server-name", "h", "--client", "../evil");
        assertEquals(ExitCode.USAGE.code(), run.exitCode());
        assertEquals(
                "walferry tls init: error: invalid identity name '../evil': use 1 to 64 ASCII letters, digits, '.', '-'"
                        + " or '_'\n",
                run.err());
        assertFalse(Files.exists(dir));
    }

    @Test
    void init_reservedIdentity_exitsUsage() {
        TlsCli run =
                TlsCli.run("init", "--dir", tmp.resolve("tls").toString(), "--server-name", "h", "--client", "server");
        assertEquals(ExitCode.USAGE.code(), run.exitCode());
        assertTrue(run.err().contains("identity name 'server' is reserved"), run.err());
    }

    @Test
    void init_invalidServerName_exitsUsage() {
        TlsCli run = TlsCli.run("init", "--dir", tmp.resolve("tls").toString(), "--server-name", "bad_name!");
        assertEquals(ExitCode.USAGE.code(), run.exitCode());
        assertEquals(
                "walferry tls init: error: --server-name 'bad_name!' is not a DNS host name or an IPv4/IPv6 address\n",
                run.err());
    }

    @Test
    void init_daysOutOfRange_exitsUsage() {
        TlsCli run = TlsCli.run("init", "--dir", tmp.resolve("tls").toString(), "--server-name", "h", "--days", "0");
        assertEquals(ExitCode.USAGE.code(), run.exitCode());
        assertEquals("walferry tls init: error: --days 0 is out of range: use 1 to 3650\n", run.err());
    }

    @Test
    void init_missingRequiredOption_exitsUsage() {
        assertEquals(
                ExitCode.USAGE.code(), TlsCli.run("init", "--server-name", "h").exitCode());
    }
}
