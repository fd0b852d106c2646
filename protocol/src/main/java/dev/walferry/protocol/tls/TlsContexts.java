package dev.walferry.protocol.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * Netty {@link SslContext}s for both ends of a walferry connection, built from a TLS directory laid out as
 * {@link TlsFiles} describes. Both sides use the JDK provider, speak only {@link #PROTOCOLS}, and trust only
 * {@code ca.crt}: never the JDK's default trust store. The receiver requires a client certificate.
 */
public final class TlsContexts {

    /** TLS 1.3, with 1.2 as the minimum (docs/protocol.md); older versions are refused at the handshake. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    /** Checks the peer's host name against the certificate's SANs (RFC 2818 / RFC 6125), as HTTPS does. */
    public static final String ENDPOINT_IDENTIFICATION = "HTTPS";

    private TlsContexts() {}

    /**
     * The receiver's context: presents {@code server.crt}/{@code server.key}, requires a client certificate
     * chained to {@code ca.crt}.
     */
    public static SslContext server(Path tlsDir) throws TlsConfigException {
        Path ca = TlsFiles.requireReadable(TlsFiles.caCert(tlsDir), "CA certificate");
        Path cert = TlsFiles.requireReadable(TlsFiles.serverCert(tlsDir), "receiver certificate");
        Path key = TlsFiles.requireReadable(TlsFiles.serverKey(tlsDir), "receiver private key");
        SslContextBuilder builder;
        try {
            builder = SslContextBuilder.forServer(cert.toFile(), key.toFile());
        } catch (IllegalArgumentException e) {
            throw unusable(cert, key, e);
        }
        builder.clientAuth(ClientAuth.REQUIRE);
        return build(builder, ca);
    }

    /**
     * The context of client {@code identity}: presents {@code ID.crt}/{@code ID.key} and trusts only
     * {@code ca.crt}. Create handlers with {@link #clientHandler} so that the receiver's name is verified.
     */
    public static SslContext client(Path tlsDir, String identity) throws TlsConfigException {
        Path ca = TlsFiles.requireReadable(TlsFiles.caCert(tlsDir), "CA certificate");
        Path cert = TlsFiles.requireReadable(TlsFiles.clientCert(tlsDir, identity), "client certificate");
        Path key = TlsFiles.requireReadable(TlsFiles.clientKey(tlsDir, identity), "client private key");
        SslContextBuilder builder = SslContextBuilder.forClient();
        try {
            builder.keyManager(cert.toFile(), key.toFile());
        } catch (IllegalArgumentException e) {
            throw unusable(cert, key, e);
        }
        builder.endpointIdentificationAlgorithm(ENDPOINT_IDENTIFICATION);
        return build(builder, ca);
    }

    /**
     * A client {@link SslHandler} for a connection to {@code host:port} that verifies {@code host} against the
     * receiver certificate's SANs (a DNS name or an IP literal) and sends it as SNI when it is a DNS name.
     */
    public static SslHandler clientHandler(SslContext context, ByteBufAllocator alloc, String host, int port) {
        SslHandler handler = context.newHandler(alloc, host, port);
        SSLEngine engine = handler.engine();
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm(ENDPOINT_IDENTIFICATION);
        engine.setSSLParameters(parameters);
        return handler;
    }

    private static SslContext build(SslContextBuilder builder, Path ca) throws TlsConfigException {
        try {
            builder.trustManager(ca.toFile());
        } catch (IllegalArgumentException e) {
            throw new TlsConfigException("CA certificate " + ca + " is unusable: " + causeOf(e), e);
        }
        builder.sslProvider(SslProvider.JDK).protocols(PROTOCOLS);
        try {
            return builder.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new TlsConfigException("cannot set up TLS from " + ca.getParent() + ": " + causeOf(e), e);
        }
    }

    private static TlsConfigException unusable(Path cert, Path key, IllegalArgumentException e) {
        return new TlsConfigException(
                "certificate " + cert + " or private key " + key
                        + " is unusable (expected PEM, with the key as unencrypted PKCS#8): " + causeOf(e),
                e);
    }

    /** The innermost message, which usually says what is wrong with the file. */
    private static String causeOf(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t == e || t.getMessage() == null
                ? String.valueOf(e.getMessage())
                : e.getMessage() + " (" + t.getMessage() + ")";
    }
}
