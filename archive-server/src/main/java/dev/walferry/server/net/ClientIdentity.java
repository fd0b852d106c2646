package dev.walferry.server.net;

import dev.walferry.protocol.tls.PeerIdentity;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SslHandler;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * How a connection learns its client's identity. The receiver reads it from the verified TLS session
 * ({@link #TLS}); handler tests without TLS pass a fixed one.
 */
@FunctionalInterface
interface ClientIdentity {

    /** The identity in the certificate that the TLS handshake verified ({@link PeerIdentity}). */
    ClientIdentity TLS =
            ctx -> PeerIdentity.of(ctx.pipeline().get(SslHandler.class).engine().getSession());

    /** @throws SSLPeerUnverifiedException when the peer has no usable identity; the connection is then refused */
    String of(ChannelHandlerContext ctx) throws SSLPeerUnverifiedException;
}
