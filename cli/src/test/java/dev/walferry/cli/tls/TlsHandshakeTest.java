package dev.walferry.cli.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.walferry.protocol.tls.PemFiles;
import dev.walferry.protocol.tls.TlsContexts;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real handshakes over loopback between {@link TlsContexts#server} and {@link TlsContexts#client}. */
class TlsHandshakeTest {

    private static EventLoopGroup group;

    @TempDir
    Path tmp;

    private Path dir;

    @BeforeAll
    static void startEventLoop() {
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    }

    @AfterAll
    static void stopEventLoop() throws InterruptedException {
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync();
    }

    @BeforeEach
    void init() {
        dir = tmp.resolve("tls");
        TlsCli run =
                TlsCli.run("init", "--dir", dir.toString(), "--server-name", "archive.test", "--client", "primary");
        assertEquals(0, run.exitCode(), run.err());
    }

    private LoopbackHandshake.Outcome handshake(SslContext client, String serverName) throws Exception {
        return LoopbackHandshake.run(group, TlsContexts.server(dir), client, serverName);
    }

    @Test
    void handshake_clientOfTheSameCa_succeeds_andServerSeesItsIdentity() throws Exception {
        LoopbackHandshake.Outcome outcome = handshake(TlsContexts.client(dir, "primary"), "archive.test");
        assertNull(outcome.clientFailure());
        assertEquals("primary", outcome.serverIdentity(), String.valueOf(outcome.serverFailure()));
        assertTrue(List.of("TLSv1.3", "TLSv1.2").contains(outcome.protocol()), outcome.protocol());
    }

    @Test
    void handshake_serverAddressedByLoopbackIp_succeeds() throws Exception {
        LoopbackHandshake.Outcome outcome = handshake(TlsContexts.client(dir, "primary"), "127.0.0.1");
        assertNull(outcome.clientFailure());
        assertEquals("primary", outcome.serverIdentity());
    }

    @Test
    void handshake_serverNameNotInSans_failsOnTheClient() throws Exception {
        LoopbackHandshake.Outcome outcome = handshake(TlsContexts.client(dir, "primary"), "other.example");
        assertInstanceOf(SSLHandshakeException.class, outcome.clientFailure());
        assertTrue(
                String.valueOf(outcome.clientFailure().getMessage()).contains("other.example"),
                outcome.clientFailure()::toString);
        assertNull(outcome.serverIdentity());
    }

    @Test
    void handshake_clientCertificateOfAnotherCa_isRefusedByTheServer() throws Exception {
        Path other = tmp.resolve("other");
        assertEquals(
                0,
                TlsCli.run("init", "--dir", other.toString(), "--server-name", "archive.test", "--client", "primary")
                        .exitCode());
        // the foreign client trusts our CA, so only the server's check of its certificate can fail
        Path mixed = mixedDir(other.resolve("primary.crt"), other.resolve("primary.key"));
        LoopbackHandshake.Outcome outcome = handshake(TlsContexts.client(mixed, "primary"), "archive.test");
        assertRefusedByServerCertificateCheck(outcome);
    }

    @Test
    void handshake_clientWithoutCertificate_isRefusedByTheServer() throws Exception {
        SslContext anonymous = SslContextBuilder.forClient()
                .sslProvider(SslProvider.JDK)
                .protocols(TlsContexts.PROTOCOLS)
                .trustManager(dir.resolve("ca.crt").toFile())
                .build();
        LoopbackHandshake.Outcome outcome = handshake(anonymous, "archive.test");
        assertInstanceOf(SSLHandshakeException.class, outcome.serverFailure());
        assertNull(outcome.serverIdentity());
    }

    @Test
    void handshake_expiredClientCertificate_isRefusedByTheServer() throws Exception {
        Instant now = Instant.now();
        CertifiedKey expired = ourIssuer()
                .issueClient("primary", new Validity(now.minus(Duration.ofDays(10)), now.minus(Duration.ofDays(1))));
        LoopbackHandshake.Outcome outcome = handshake(TlsContexts.client(mixedDir(expired), "primary"), "archive.test");
        assertRefusedByServerCertificateCheck(outcome);
    }

    @Test
    void handshake_clientCertificateWithoutClientAuthUsage_isRefusedByTheServer() throws Exception {
        CertifiedKey wrongUsage = ourIssuer()
                .issueLeaf("primary", List.of(), Set.of(KeyPurpose.SERVER_AUTH), Validity.days(Instant.now(), 1));
        LoopbackHandshake.Outcome outcome =
                handshake(TlsContexts.client(mixedDir(wrongUsage), "primary"), "archive.test");
        assertRefusedByServerCertificateCheck(outcome);
    }

    private static void assertRefusedByServerCertificateCheck(LoopbackHandshake.Outcome outcome) {
        assertNull(outcome.serverIdentity());
        assertInstanceOf(SSLHandshakeException.class, outcome.serverFailure());
        assertNotNull(
                causeOfType(outcome.serverFailure(), CertificateException.class), outcome.serverFailure()::toString);
    }

    private CertificateIssuer ourIssuer() throws Exception {
        return new CertificateIssuer(new CertifiedKey(
                PemFiles.readCertificate(dir.resolve("ca.crt")), PemFiles.readPrivateKey(dir.resolve("ca.key"))));
    }

    /** A client directory with our ca.crt and the given client certificate and key as primary.*. */
    private Path mixedDir(CertifiedKey client) throws Exception {
        Path mixed = Files.createDirectories(tmp.resolve("mixed"));
        PemFiles.writeCertificate(mixed.resolve("primary.crt"), client.certificate());
        PemFiles.writePrivateKey(mixed.resolve("primary.key"), client.privateKey());
        Files.copy(dir.resolve("ca.crt"), mixed.resolve("ca.crt"));
        return mixed;
    }

    private Path mixedDir(Path clientCert, Path clientKey) throws Exception {
        return mixedDir(new CertifiedKey(PemFiles.readCertificate(clientCert), PemFiles.readPrivateKey(clientKey)));
    }

    private static Throwable causeOfType(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return c;
            }
        }
        return null;
    }
}
