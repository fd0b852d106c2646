package dev.walferry.server.net;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.lang.System.Logger.Level;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import javax.net.ssl.SSLException;

/**
 * Logs every refused TLS handshake with the peer address and the reason (no certificate, unknown CA, expired,
 * plain TCP...), so an operator can see why a client could not connect.
 */
final class TlsAudit extends ChannelInboundHandlerAdapter {

    private static final System.Logger LOG = System.getLogger("walferry.receiver");

    static final TlsAudit INSTANCE = new TlsAudit();

    @Override
    public boolean isSharable() {
        return true;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent e && !e.isSuccess()) {
            LOG.log(Level.WARNING, "TLS handshake from " + ctx.channel().remoteAddress() + " refused: "
                    + reason(e.cause()));
            ctx.close();
        }
        ctx.fireUserEventTriggered(evt);
    }

    static boolean isTlsFailure(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SSLException || c instanceof NotSslRecordException) {
                return true;
            }
        }
        return false;
    }

    static String reason(Throwable t) {
        Throwable root = t;
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof NotSslRecordException) {
                return "not a TLS connection (plain TCP?)";
            }
            if (c instanceof CertificateExpiredException) {
                return "client certificate expired (" + c.getMessage() + ")";
            }
            if (c instanceof CertificateNotYetValidException) {
                return "client certificate not yet valid (" + c.getMessage() + ")";
            }
            root = c;
        }
        String m = root.getMessage();
        return m != null ? m : root.toString();
    }
}
