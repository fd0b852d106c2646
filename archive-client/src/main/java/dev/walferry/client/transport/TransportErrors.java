package dev.walferry.client.transport;

import dev.walferry.client.cli.ExitCode;
import dev.walferry.client.cli.WalferryException;
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

    private TransportErrors() {
    }

    static WalferryException connect(ReceiverAddress a, IOException e) {
        if (e instanceof UnknownHostException) {
            return new WalferryException(ExitCode.CONNECT, "cannot resolve receiver host \"" + a.host() + "\"", e);
        }
        if (e instanceof SocketTimeoutException) {
            return new WalferryException(ExitCode.CONNECT, "timed out connecting to receiver " + a, e);
        }
        String why = e instanceof ConnectException || e instanceof NoRouteToHostException
                ? "is the receiver running? (" + e.getMessage() + ")" : e.toString();
        return new WalferryException(ExitCode.CONNECT, "cannot connect to receiver " + a + ": " + why, e);
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
            return new WalferryException(ExitCode.TLS_AUTH, "TLS with receiver " + a + " failed while " + doing + ": "
                    + e.getMessage() + " (check that --tls-dir holds this client's certificate signed by the"
                    + " receiver's CA and that --server names a host in the receiver certificate)", e);
        }
        if (e instanceof SocketTimeoutException) {
            return new WalferryException(ExitCode.TIMEOUT, "receiver " + a + " did not answer in time while " + doing, e);
        }
        if (e instanceof EOFException) {
            return new WalferryException(ExitCode.CONNECT, "receiver " + a + " closed the connection while " + doing
                    + " (see the receiver's log for the reason)", e);
        }
        if (e instanceof ProtocolException) {
            return new WalferryException(ExitCode.PROTOCOL, "receiver " + a + " broke the protocol while " + doing + ": "
                    + e.getMessage(), e);
        }
        return new WalferryException(ExitCode.CONNECT, "connection to receiver " + a + " failed while " + doing + ": "
                + e.getMessage(), e);
    }
}
