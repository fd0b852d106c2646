package dev.walferry.client.transport;

import dev.walferry.client.failure.ExitCode;
import dev.walferry.client.failure.WalferryException;
import dev.walferry.protocol.ReceiverAddress;
import dev.walferry.protocol.codec.ProtocolException;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/** Maps transport failures to one-line messages and exit codes. */
public final class TransportErrors {

    private TransportErrors() {}

    static WalferryException connect(ReceiverAddress a, IOException e) {
        if (e instanceof UnknownHostException) {
            return new WalferryException(ExitCode.CONNECT, "cannot resolve receiver host \"" + a.host() + "\"", e);
        }
        if (e instanceof SocketTimeoutException) {
            return new WalferryException(ExitCode.CONNECT, "timed out connecting to receiver " + a, e);
        }
        String why = e instanceof ConnectException || e instanceof NoRouteToHostException
                ? "is the receiver running? (" + e.getMessage() + ")"
                : e.toString();
        return new WalferryException(ExitCode.CONNECT, "cannot connect to receiver " + a + ": " + why, e);
    }

    /**
     * Maps a failure after the TCP connection was made but before the receiver answered HELLO: the TLS handshake or
     * the HELLO itself. With TLS 1.3 a receiver that refuses the client's certificate may just close the connection,
     * which the client sees as an EOF, a reset or a broken pipe rather than an alert; that is reported as a refusal
     * (exit 4) naming both likely causes, not as a network failure.
     */
    static WalferryException handshake(ReceiverAddress a, IOException e) {
        if (e instanceof SocketTimeoutException
                || e instanceof ReceiverConnection.MalformedFrameException
                || !closedByPeer(e)) {
            return during(a, "connecting", e);
        }
        return new WalferryException(
                ExitCode.TLS_AUTH,
                "receiver " + a + " closed the connection during the TLS"
                        + " handshake: it refused this client's certificate, or it stopped (see the receiver's log for the"
                        + " reason; " + e.getMessage() + ")",
                e);
    }

    /** The peer closed or reset the connection (possibly reported inside an SSLException) rather than sent an alert. */
    private static boolean closedByPeer(IOException e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof EOFException
                    || c instanceof java.net.SocketException
                    || String.valueOf(c.getMessage()).contains("terminated the handshake")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Maps a failure while talking to the receiver.
     *
     * @param doing what was going on, e.g. "pushing 000000010000000000000003"
     */
    public static WalferryException during(ReceiverAddress a, String doing, Exception e) {
        if (e instanceof WalferryException w) {
            return w;
        }
        if (e instanceof SSLHandshakeException || e instanceof SSLException) {
            return new WalferryException(
                    ExitCode.TLS_AUTH,
                    "TLS with receiver " + a + " failed while " + doing + ": "
                            + e.getMessage() + " (check that --tls-dir holds this client's certificate signed by the"
                            + " receiver's CA and that --server names a host in the receiver certificate)",
                    e);
        }
        if (e instanceof SocketTimeoutException) {
            return new WalferryException(
                    ExitCode.TIMEOUT, "receiver " + a + " did not answer in time while " + doing, e);
        }
        if (e instanceof EOFException) {
            return new WalferryException(
                    ExitCode.CONNECT,
                    "receiver " + a + " closed the connection while " + doing
                            + " (see the receiver's log for the reason)",
                    e);
        }
        if (e instanceof ProtocolException || e instanceof ReceiverConnection.MalformedFrameException) {
            return new WalferryException(
                    ExitCode.PROTOCOL,
                    "receiver " + a + " broke the protocol while " + doing + ": " + e.getMessage(),
                    e);
        }
        return new WalferryException(
                ExitCode.CONNECT, "connection to receiver " + a + " failed while " + doing + ": " + e.getMessage(), e);
    }
}
