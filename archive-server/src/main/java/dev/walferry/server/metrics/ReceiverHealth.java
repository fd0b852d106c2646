package dev.walferry.server.metrics;

import dev.walferry.server.storage.ArchiveStorage;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Healthy when the receiver listens and every archive can take a new file ({@link ArchiveStorage#writeProblem}). */
public final class ReceiverHealth implements Health {

    private final BooleanSupplier listening;
    private final Supplier<? extends Collection<? extends ArchiveStorage>> archives;

    /**
     * @param listening whether the receiver's server accepts connections now
     * @param archives  the archives it serves now
     */
    public ReceiverHealth(
            BooleanSupplier listening, Supplier<? extends Collection<? extends ArchiveStorage>> archives) {
        this.listening = listening;
        this.archives = archives;
    }

    @Override
    public Status check() {
        List<String> problems = new ArrayList<>();
        if (!listening.getAsBoolean()) {
            problems.add("receiver is not listening");
        }
        for (ArchiveStorage a : archives.get()) {
            a.writeProblem().ifPresent(problems::add);
        }
        return Status.of(problems);
    }
}
