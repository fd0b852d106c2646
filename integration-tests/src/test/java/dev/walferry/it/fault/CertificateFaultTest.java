package dev.walferry.it.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.walferry.cli.tls.CertificateIssuer;
import dev.walferry.cli.tls.CertifiedKey;
import dev.walferry.cli.tls.KeyPurpose;
import dev.walferry.cli.tls.Validity;
import dev.walferry.client.failure.ExitCode;
import dev.walferry.it.fault.Walferry.Run;
import dev.walferry.pgctl.Await;
import dev.walferry.protocol.tls.PemFiles;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6, point 5: every wrong certificate or identity is refused at the right point (the TLS handshake, the
 * HELLO, or the PUT), logged by the receiver with the reason, and nothing is written to any archive. The receiver
 * serves archive "main" to "primary" only and archive "other" to "standby" only.
 */
class CertificateFaultTest {

    @TempDir
    static Path tmp;

    static FaultRig rig;
    static Path segment;
    static int trials;

    @BeforeAll
    static void start() throws IOException {
        rig = FaultRig.start(
                tmp.resolve("rig"),
                List.of("--allow", "main=primary", "--allow", "other=standby"),
                "main=" + tmp.resolve("main"),
                "other=" + tmp.resolve("other"));
        segment = Segments.write(Files.createDirectories(tmp.resolve("pg_wal")), 1, 1);
    }

    @AfterAll
    static void stop() {
        rig.logs().lines().filter(l -> l.contains("refused")).forEach(l -> System.out.println("receiver: " + l));
        rig.close();
        FaultLedger.record("wrong certificate or identity", trials, 0, 0, 0, 0);
    }

    @AfterEach
    void nothingWritten() {
        trials++;
        for (String archive : List.of("main", "other")) {
            Path dir = tmp.resolve(archive);
            assertEquals(List.of(), ArchiveAudit.scan(dir, Map.of()).corrupt(), archive);
            assertEquals(List.of(), ArchiveAudit.scan(dir, Map.of()).partial(), archive);
            assertEquals(List.of(), ArchiveAudit.incoming(dir), archive);
        }
    }

    @Test
    void clientCertificateOfAnotherCa_isRefusedAtTheHandshake() throws Exception {
        Path other = tmp.resolve("other-ca");
        rig.install
                .runAsMe("tls", "init", "--dir", other.toString(), "--server-name", "127.0.0.1", "--client", "primary")
                .requireSuccess();
        Files.copy(
                rig.install.tlsDir().resolve("ca.crt"), other.resolve("ca.crt"), StandardCopyOption.REPLACE_EXISTING);
        assertPushRefusedAtHandshake(other, l -> l.contains("does not chain with any of the trust anchors"));
    }

    @Test
    void expiredClientCertificate_isRefusedAtTheHandshake() throws Exception {
        Instant now = Instant.now();
        Path dir = clientDir(
                "expired",
                issuer().issueClient(
                                "primary",
                                new Validity(now.minus(Duration.ofDays(10)), now.minus(Duration.ofDays(1)))));
        assertPushRefusedAtHandshake(dir, l -> l.contains("client certificate expired"));
    }

    @Test
    void notYetValidClientCertificate_isRefusedAtTheHandshake() throws Exception {
        Instant now = Instant.now();
        Path dir = clientDir(
                "future",
                issuer().issueClient(
                                "primary", new Validity(now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(10)))));
        assertPushRefusedAtHandshake(dir, l -> l.contains("client certificate not yet valid"));
    }

    @Test
    void clientCertificateWithoutClientAuthUsage_isRefusedAtTheHandshake() throws Exception {
        Path dir = clientDir(
                "server-usage",
                issuer().issueLeaf(
                                "primary", List.of(), Set.of(KeyPurpose.SERVER_AUTH), Validity.days(Instant.now(), 1)));
        assertPushRefusedAtHandshake(dir, l -> l.contains("Extended key usage does not permit"));
    }

    @Test
    void certificateWhoseNameIsNoIdentity_isRefusedAtHello() throws Exception {
        Path dir = clientDir("no-identity", issuer().issueClient("not an identity!", Validity.days(Instant.now(), 1)));
        Run r = push(dir, "main", "primary");
        assertEquals(ExitCode.TLS_AUTH.code(), r.code(), r.err());
        awaitLog(l -> l.contains("refused") && l.contains("not a valid identity name"));
    }

    @Test
    void noClientCertificate_isRefusedAtTheHandshake() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry(
                "ca", PemFiles.readCertificate(rig.install.tlsDir().resolve("ca.crt")));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(trust);
        SSLContext noCert = SSLContext.getInstance("TLS");
        noCert.init(null, tmf.getTrustManagers(), null);
        assertThrows(IOException.class, () -> {
            try (SSLSocket s = (SSLSocket) noCert.getSocketFactory()
                    .createSocket("127.0.0.1", rig.receiver().port())) {
                s.setSoTimeout(10_000);
                s.startHandshake();
                s.getOutputStream().write(new byte[] {0, 0, 0, 5, 1, 0, 0, 0, 0});
                s.getOutputStream().flush();
                if (s.getInputStream().read() < 0) {
                    throw new IOException("closed");
                }
            }
        });
        awaitLog(l -> l.contains("TLS handshake from") && l.contains("refused: Empty client certificate chain"));
    }

    @Test
    void plainTcp_isRefusedAtTheHandshake() throws Exception {
        try (Socket s = new Socket("127.0.0.1", rig.receiver().port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write("PUT /000000010000000000000001 HTTP/1.0\r\n\r\n".getBytes());
            InputStream in = s.getInputStream();
            while (in.read() >= 0) {
                // drain until the receiver closes
            }
        } catch (IOException reset) {
            // refused with a reset: fine
        }
        awaitLog(l -> l.contains("not a TLS connection"));
    }

    @Test
    void identityNotAllowedForTheArchive_isRefusedAtPut() {
        Run r = push(rig.install.tlsDir(), "main", "intruder");
        assertEquals(ExitCode.TLS_AUTH.code(), r.code(), r.err());
        assertTrue(r.err().contains("not authorized"), r.err());
        awaitLog(l -> l.contains("refused PUT main/") && l.contains("from intruder@") && l.contains("FORBIDDEN"));
    }

    @Test
    void clientAllowedOnOneArchive_writingToAnother_isRefusedAtPut() {
        Run r = push(rig.install.tlsDir(), "other", "primary");
        assertEquals(ExitCode.TLS_AUTH.code(), r.code(), r.err());
        awaitLog(l -> l.contains("refused PUT other/") && l.contains("from primary@") && l.contains("FORBIDDEN"));
    }

    private void assertPushRefusedAtHandshake(Path tlsDir, Predicate<String> reason) {
        Run r = push(tlsDir, "main", "primary");
        assertEquals(ExitCode.TLS_AUTH.code(), r.code(), r.err());
        awaitLog(l -> l.contains("TLS handshake from") && l.contains("refused") && reason.test(l));
    }

    private static Run push(Path tlsDir, String archive, String identity) {
        return Walferry.run(Walferry.args(
                "push",
                List.of(
                        "--server",
                        rig.receiver().address(),
                        "--archive",
                        archive,
                        "--tls-dir",
                        tlsDir.toString(),
                        "--identity",
                        identity,
                        "--timeout",
                        "10"),
                segment.toString(),
                segment.getFileName().toString()));
    }

    private static void awaitLog(Predicate<String> line) {
        try {
            Await.until("the receiver's log line", Duration.ofSeconds(10), () -> rig.logs()
                    .lines()
                    .anyMatch(line));
        } catch (RuntimeException e) {
            throw new AssertionError(e.getMessage() + "; receiver log:\n" + rig.logs(), e);
        }
    }

    private static CertificateIssuer issuer() throws IOException {
        Path tls = rig.install.tlsDir();
        return new CertificateIssuer(new CertifiedKey(
                PemFiles.readCertificate(tls.resolve("ca.crt")), PemFiles.readPrivateKey(tls.resolve("ca.key"))));
    }

    /** A TLS directory with our ca.crt and {@code cert} as primary.crt/primary.key. */
    private static Path clientDir(String name, CertifiedKey cert) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        PemFiles.writeCertificate(dir.resolve("primary.crt"), cert.certificate());
        PemFiles.writePrivateKey(dir.resolve("primary.key"), cert.privateKey());
        Files.copy(rig.install.tlsDir().resolve("ca.crt"), dir.resolve("ca.crt"));
        return dir;
    }
}
