package dev.walferry.cli.cds;

import dev.walferry.cli.Main;
import dev.walferry.protocol.ReceiverAddress;
import dev.walferry.server.receiver.AllowSpec;
import dev.walferry.server.receiver.ArchiveSpec;
import dev.walferry.server.receiver.Receiver;
import dev.walferry.server.receiver.ReceiverConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The receiver of the CDS training run, in its own JVM so that its classes (Netty's server side, storage) stay out
 * of the class list: makes throw-away certificates in {@code DIR/tls} (server 127.0.0.1, client "primary"), serves
 * archive "main" in {@code DIR/archive} on 127.0.0.1 (the receiver's own start-up, {@link Receiver}), an ephemeral
 * port, prints {@code port N} and runs until its standard input closes.
 */
public final class TrainingReceiver {

    private TrainingReceiver() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Path tls = dir.resolve("tls");
        StringWriter log = new StringWriter();
        PrintWriter w = new PrintWriter(log, true);
        int init = Main.run(
                new String[] {
                    "tls", "init", "--dir", tls.toString(), "--server-name", "127.0.0.1", "--client", "primary"
                },
                w,
                w);
        if (init != 0) {
            System.err.println("tls init failed (" + init + "): " + log);
            System.exit(1);
        }
        Path archiveDir = Files.createDirectories(dir.resolve("archive"));
        ReceiverConfig config = new ReceiverConfig(
                ReceiverAddress.parse("127.0.0.1:0"),
                List.of(new ArchiveSpec("main", archiveDir)),
                List.of(new AllowSpec("main", "primary")),
                tls,
                2,
                Duration.ofSeconds(1),
                null,
                new ReceiverConfig.S3Options(null, null, ReceiverConfig.Addressing.AUTO, Duration.ofSeconds(60), null));
        try (Receiver receiver = Receiver.start(config)) {
            System.out.println("port " + receiver.address().getPort());
            System.out.flush();
            while (System.in.read() >= 0) {
                // until the training run closes our standard input (or dies)
            }
        }
        System.exit(0);
    }
}
