package dev.walferry.cli.options;

import dev.walferry.client.transport.ReceiverTarget;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** How a client command reaches its receiver and which archive it uses. */
public final class ReceiverOptions {

    @Option(
            names = "--server",
            paramLabel = "HOST:PORT",
            required = true,
            split = ",",
            description = "Receiver address; the host must be named in the receiver's certificate. Repeatable: push "
                    + "sends to every receiver at once (see --require), the other commands try them in order.")
    List<String> servers;

    @Option(names = "--archive", paramLabel = "NAME", required = true, description = "Archive name on the receiver.")
    String archive;

    @Option(
            names = "--tls-dir",
            paramLabel = "DIR",
            required = true,
            description = "Directory with ca.crt and this client's ID.crt / ID.key (from 'walferry tls init').")
    Path tlsDir;

    @Option(
            names = "--identity",
            paramLabel = "ID",
            required = true,
            description = "Client identity: uses DIR/ID.crt and DIR/ID.key.")
    String identity;

    @Option(
            names = "--connect-timeout",
            paramLabel = "SECONDS",
            defaultValue = "10",
            description = "Give up connecting after this long (default: ${DEFAULT-VALUE}).")
    int connectTimeoutSeconds;

    @Option(
            names = "--timeout",
            paramLabel = "SECONDS",
            defaultValue = "120",
            description = "Give up when the receiver is silent this long, or takes less than one frame (at most "
                    + "1 MiB) in this long; 0 for no limit (default: ${DEFAULT-VALUE}).")
    int ioTimeoutSeconds;

    /** These options as the client library's value. */
    public ReceiverTarget target() {
        return new ReceiverTarget(servers, archive, tlsDir, identity, connectTimeoutSeconds, ioTimeoutSeconds);
    }
}
