package dev.walferry.server.net;

import dev.walferry.server.log.LogEvent;
import dev.walferry.server.log.ReceiverLog;
import dev.walferry.server.metrics.ReceiverMetrics;
import dev.walferry.server.metrics.RejectReason;
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

    private final ReceiverMetrics metrics;

    /** One per receiver; shared by its connections. */
    TlsAudit(ReceiverMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public boolean isSharable() {
        return true;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent e && !e.isSuccess()) {
            String peer = Printable.address(ctx.channel().remoteAddress());
            boolean plain = isPlainTcp(e.cause());
            ReceiverLog.log(
                    Level.WARNING,
                    LogEvent.of("tls").client(null, peer).outcome(plain ? "not_tls" : "refused"),
                    "TLS handshake from " + peer + " refused: " + reason(e.cause()));
            metrics.rejected(plain ? RejectReason.NOT_TLS : RejectReason.TLS_HANDSHAKE);
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

    private static boolean isPlainTcp(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof NotSslRecordException) {
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
