package dev.walferry.client.cli;

import dev.walferry.client.transport.ClientTlsContext;
import dev.walferry.client.transport.PhaseTimer;
import dev.walferry.client.transport.ReceiverAddress;
import dev.walferry.client.transport.ReceiverConnection;
import dev.walferry.protocol.tls.TlsConfigException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import picocli.CommandLine.Option;

/** How a client command reaches its receiver and which archive it uses. */
public final class ReceiverOptions {

    @Option(names = "--server", paramLabel = "HOST:PORT", required = true, split = ",",
            description = "Receiver address; the host must be named in the receiver's certificate. Repeatable: push "
                    + "sends to every receiver at once (see --require), the other commands try them in order.")
    List<String> servers;

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
            description = "Give up when the receiver is silent this long, or takes less than one frame (at most "
                    + "1 MiB) in this long; 0 for no limit (default: ${DEFAULT-VALUE}).")
    int ioTimeoutSeconds;

    public String archive() {
        return archive;
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
        args.addAll(List.of("--archive", archive, "--tls-dir", tlsDir.toString(), "--identity", identity,
                "--connect-timeout", Integer.toString(connectTimeoutSeconds), "--timeout",
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
        ReceiverConnection c = ReceiverConnection.open(a, tls, Duration.ofSeconds(connectTimeoutSeconds),
                Duration.ofSeconds(ioTimeoutSeconds));
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
