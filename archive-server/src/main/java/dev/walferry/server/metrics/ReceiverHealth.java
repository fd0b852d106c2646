package dev.walferry.server.metrics;

import dev.walferry.server.net.ReceiverServer;
import dev.walferry.server.storage.ArchiveStorage;
import java.util.ArrayList;
import java.util.List;

/** Healthy when the receiver listens and every archive can take a new file ({@link ArchiveStorage#writeProblem}). */
public final class ReceiverHealth implements Health {

    private final ReceiverServer server;

    public ReceiverHealth(ReceiverServer server) {
        this.server = server;
    }

    @Override
    public Status check() {
        List<String> problems = new ArrayList<>();
        if (!server.isListening()) {
            problems.add("receiver is not listening");
        }
        for (ArchiveStorage a : server.access().archives().values()) {
            a.writeProblem().ifPresent(problems::add);
        }
        return Status.of(problems);
    }
}
