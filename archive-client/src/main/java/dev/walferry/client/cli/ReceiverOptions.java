package dev.walferry.client.cli;

import dev.walferry.client.transport.ClientTlsContext;
import dev.walferry.client.transport.PhaseTimer;
import dev.walferry.client.transport.ReceiverAddress;
import dev.walferry.client.transport.ReceiverConnection;
import dev.walferry.protocol.tls.TlsConfigException;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import picocli.CommandLine.Option;

/** How a client command reaches its receiver and which archive it uses. */
public final class ReceiverOptions {

    @Option(names = "--server", paramLabel = "HOST:PORT", required = true,
            description = "Receiver address; the host must be named in the receiver's certificate.")
    String server;

    @Option(names = "--archive", paramLabel = "NAME", required = true, description = "Archive name on the receiver.")
    String archive;

    @Option(names = "--tls-dir", paramLabel = "DIR", required = true,
            description = "Directory with ca.crt and this client's ID.crt / ID.key (from 'walferry tls init').")
    Path tlsDir;

    @Option(names = "--identity", paramLabel = "ID", required = true,
            description = "Client identity: uses DIR/ID.crt and DIR/ID.key.")
    String identity;

    @Option(names = "--connect-timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "Give up connecting after this long (default: ${DEFAULT-VALUE}).")
    int connectTimeoutSeconds;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "120",
            description = "Give up when the receiver is silent this long (default: ${DEFAULT-VALUE}).")
    int ioTimeoutSeconds;

    public String archive() {
        return archive;
    }

    /** The --server value as given (ship-ahead acknowledgements name it; the launcher compares it as text). */
    public String serverText() {
        return server;
    }

    /** These options as command-line arguments, to hand to a child process. */
    public java.util.List<String> toArgs() {
        return java.util.List.of("--server", server, "--archive", archive, "--tls-dir", tlsDir.toString(),
                "--identity", identity, "--connect-timeout", Integer.toString(connectTimeoutSeconds), "--timeout",
                Integer.toString(ioTimeoutSeconds));
    }

    /** How long a read may wait for the receiver before failing with a timeout. */
    public Duration ioTimeout() {
        return Duration.ofSeconds(ioTimeoutSeconds);
    }

    public ReceiverAddress address() {
        try {
            return ReceiverAddress.parse(server);
        } catch (IllegalArgumentException e) {
            throw new WalferryException(ExitCode.USAGE, "--server: " + e.getMessage());
        }
    }

    /** Connects with mutual TLS and completes the HELLO exchange. */
    public ReceiverConnection connect() {
        return connect(new PhaseTimer(false));
    }

    /** As {@link #connect()}, marking "TLS set-up" and "connect+handshake" on {@code timer}. */
    public ReceiverConnection connect(PhaseTimer timer) {
        SSLContext tls = sslContext();
        timer.mark("TLS set-up");
        ReceiverConnection c = ReceiverConnection.open(address(), tls, Duration.ofSeconds(connectTimeoutSeconds),
                Duration.ofSeconds(ioTimeoutSeconds));
        timer.mark("connect+handshake");
        return c;
    }

    private SSLContext sslContext() {
        try {
            return ClientTlsContext.load(tlsDir, identity);
        } catch (TlsConfigException e) {
            throw new WalferryException(ExitCode.TLS_AUTH, e.getMessage(), e);
        }
    }
}
