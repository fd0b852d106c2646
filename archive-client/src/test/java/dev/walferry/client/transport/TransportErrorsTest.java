package dev.walferry.client.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.walferry.client.failure.ExitCode;
import dev.walferry.client.failure.WalferryException;
import dev.walferry.protocol.ReceiverAddress;
import java.io.EOFException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** How failures between TCP connect and the HELLO answer reach the user (found by the fault suite, issue 6). */
class TransportErrorsTest {

    private static final ReceiverAddress A = new ReceiverAddress("127.0.0.1", 7632);

    @Test
    void handshake_receiverClosesWithoutAlert_isARefusalNamingTheReceiverLog() {
        for (Exception e : new Exception[] {
            new EOFException(),
            new SocketException("Broken pipe"),
            new SSLException("Connection reset", new SocketException("Connection reset")),
            new SSLHandshakeException("Remote host terminated the handshake")
        }) {
            WalferryException w = TransportErrors.handshake(A, (java.io.IOException) e);
            assertEquals(ExitCode.TLS_AUTH, w.exitCode(), e.toString());
            assertTrue(
                    w.getMessage()
                            .startsWith(
                                    "receiver 127.0.0.1:7632 closed the connection during the TLS"
                                            + " handshake: it refused this client's certificate, or it stopped (see the receiver's log"),
                    w.getMessage());
        }
    }

    @Test
    void handshake_alertFromReceiver_keepsTheCertificateAdvice() {
        WalferryException w = TransportErrors.handshake(
                A, new SSLHandshakeException("Received fatal alert: " + "certificate_unknown"));
        assertEquals(ExitCode.TLS_AUTH, w.exitCode());
        assertTrue(w.getMessage().contains("check that --tls-dir holds this client's certificate"), w.getMessage());
    }

    @Test
    void malformedFrameFromReceiver_isAProtocolError_notAnInternalOne() {
        var bad = new ReceiverConnection.MalformedFrameException("unknown message type 99", null);
        assertEquals(ExitCode.PROTOCOL, TransportErrors.handshake(A, bad).exitCode());
        assertEquals(
                ExitCode.PROTOCOL, TransportErrors.during(A, "pushing x", bad).exitCode());
    }

    @Test
    void handshake_silentReceiver_isATimeout() {
        assertEquals(
                ExitCode.TIMEOUT,
                TransportErrors.handshake(A, new SocketTimeoutException("Read timed out"))
                        .exitCode());
    }
}
