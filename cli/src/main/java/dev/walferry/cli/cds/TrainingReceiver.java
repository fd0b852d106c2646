package dev.walferry.cli.cds;

import dev.walferry.cli.Main;
import dev.walferry.protocol.tls.TlsContexts;
import dev.walferry.server.net.ArchiveAccess;
import dev.walferry.server.net.ReceiverServer;
import dev.walferry.server.storage.ArchiveStorage;
import dev.walferry.server.storage.DirectoryStorage;
import dev.walferry.server.storage.StorageOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * The receiver of the CDS training run, in its own JVM so that its classes (Netty's server side, storage) stay out
 * of the class list: makes throw-away certificates in {@code DIR/tls} (server 127.0.0.1, client "primary"), serves
 * archive "main" in {@code DIR/archive} on 127.0.0.1, an ephemeral port, prints {@code port N} and runs until its
 * standard input closes.
 */
public final class TrainingReceiver {

    private TrainingReceiver() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Path tls = dir.resolve("tls");
        StringWriter log = new StringWriter();
        PrintWriter w = new PrintWriter(log, true);
        int init = Main.run(new String[] {"tls", "init", "--dir", tls.toString(), "--server-name", "127.0.0.1",
                "--client", "primary"}, w, w);
        if (init != 0) {
            System.err.println("tls init failed (" + init + "): " + log);
            System.exit(1);
        }
        Path archiveDir = Files.createDirectories(dir.resolve("archive"));
        ArchiveStorage storage = DirectoryStorage.open("main", archiveDir, StorageOptions.defaults());
        ArchiveAccess access = new ArchiveAccess(Map.of("main", storage), Map.of("main", Set.of("primary")));
        ReceiverServer server = ReceiverServer.start(new InetSocketAddress("127.0.0.1", 0),
                TlsContexts.server(tls), access, 2);
        System.out.println("port " + server.address().getPort());
        System.out.flush();
        while (System.in.read() >= 0) {
            // until the training run closes our standard input (or dies)
        }
        server.close();
        storage.close();
        System.exit(0);
    }
}
