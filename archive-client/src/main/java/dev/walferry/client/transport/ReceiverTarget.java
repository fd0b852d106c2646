package dev.walferry.client.transport;

import dev.walferry.client.failure.ExitCode;
import dev.walferry.client.failure.WalferryException;
import dev.walferry.protocol.ReceiverAddress;
import dev.walferry.protocol.tls.TlsConfigException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * How a client reaches its receivers and which archive it uses: the {@code --server}, {@code --archive},
 * {@code --tls-dir}, {@code --identity} and timeout options as one value.
 *
 * @param servers every {@code --server} value as given ({@code HOST:PORT}), in order; at least one
 */
public record ReceiverTarget(
        List<String> servers,
        String archive,
        Path tlsDir,
        String identity,
        int connectTimeoutSeconds,
        int ioTimeoutSeconds) {

    public ReceiverTarget {
        servers = List.copyOf(servers);
    }

    /**
     * The --server value as given when there is one (ship-ahead acknowledgements name it; the launcher compares it
     * as text); all of them joined by "," otherwise.
     */
    public String serverText() {
        return String.join(",", servers);
    }

    /** How many receivers were given. */
    public int serverCount() {
        return servers.size();
    }

    /** These options as command-line arguments, to hand to a child process. */
    public List<String> toArgs() {
        List<String> args = new ArrayList<>();
        for (String s : servers) {
            args.add("--server");
            args.add(s);
        }
        args.addAll(List.of(
                "--archive",
                archive,
                "--tls-dir",
                tlsDir.toString(),
                "--identity",
                identity,
                "--connect-timeout",
                Integer.toString(connectTimeoutSeconds),
                "--timeout",
                Integer.toString(ioTimeoutSeconds)));
        return args;
    }

    /** How long a read may wait for the receiver before failing with a timeout. */
    public Duration ioTimeout() {
        return Duration.ofSeconds(ioTimeoutSeconds);
    }

    /** The first receiver's address. */
    public ReceiverAddress address() {
        return addresses().get(0);
    }

    /** Every receiver's address, in the order given. */
    public List<ReceiverAddress> addresses() {
        List<ReceiverAddress> out = new ArrayList<>();
        for (String s : servers) {
            try {
                out.add(ReceiverAddress.parse(s));
            } catch (IllegalArgumentException e) {
                throw new WalferryException(ExitCode.USAGE, "--server: " + e.getMessage());
            }
        }
        return out;
    }

    /**
     * Connects with mutual TLS to the first receiver that answers, in the order given, and completes the HELLO
     * exchange; when none does, throws the first receiver's failure (the others are named in its message).
     */
    public ReceiverConnection connect() {
        SSLContext tls = sslContext();
        List<ReceiverAddress> all = addresses();
        WalferryException first = null;
        StringBuilder others = new StringBuilder();
        for (ReceiverAddress a : all) {
            try {
                return connect(a, tls, new PhaseTimer(false));
            } catch (WalferryException e) {
                if (first == null) {
                    first = e;
                } else {
                    others.append("; ").append(e.getMessage());
                }
            }
        }
        if (others.length() == 0) {
            throw first;
        }
        throw new WalferryException(first.exitCode(), first.getMessage() + others, first);
    }

    /** Connects to the first receiver only, marking "TLS set-up" and "connect+handshake" on {@code timer}. */
    public ReceiverConnection connect(PhaseTimer timer) {
        SSLContext tls = sslContext();
        timer.mark("TLS set-up");
        return connect(address(), tls, timer);
    }

    /** Connects to {@code a} with a context from {@link #sslContext()}. */
    public ReceiverConnection connect(ReceiverAddress a, SSLContext tls, PhaseTimer timer) {
        ReceiverConnection c = ReceiverConnection.open(
                a, tls, Duration.ofSeconds(connectTimeoutSeconds), Duration.ofSeconds(ioTimeoutSeconds));
        timer.mark("connect+handshake");
        return c;
    }

    /** This client's TLS context (CA and identity from --tls-dir); cheap enough to build once per call. */
    public SSLContext sslContext() {
        try {
            return ClientTlsContext.load(tlsDir, identity);
        } catch (TlsConfigException e) {
            throw new WalferryException(ExitCode.TLS_AUTH, e.getMessage(), e);
        }
    }
}
