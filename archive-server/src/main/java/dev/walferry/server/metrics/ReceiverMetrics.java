package dev.walferry.server.metrics;

import dev.walferry.server.storage.ArchiveStorage;
import dev.walferry.server.storage.FsyncObserver;
import dev.walferry.server.storage.StoredFile;
import java.util.function.IntSupplier;

/**
 * The few points where the receiver tells its metrics what happened. The network and storage code call these and
 * nothing else, so that they know no metrics library; {@link #NONE} (the default, when {@code --metrics-listen} is
 * not given) does nothing and loads nothing. Labels are only ever configured archive names and the bounded
 * {@link RejectReason}s, never names a client sent.
 */
public interface ReceiverMetrics {

    /** Metrics off. */
    ReceiverMetrics NONE = new ReceiverMetrics() {};

    /** A configured archive, told once at start-up (its counters then show 0, its newest file what is stored). */
    default void archive(ArchiveStorage storage) {}

    /** How many clients are connected now (read on every scrape). */
    default void connectedClients(IntSupplier count) {}

    /** A PUT reached the commit step of a configured archive: {@code raw} bytes of content, {@code wire} received. */
    default void received(String archive, long raw, long wire) {}

    /** A new file is durably stored. */
    default void stored(String archive, StoredFile file) {}

    /** A PUT of a file already stored with identical content (docs/postgres-contract.md A3/A4). */
    default void duplicate(String archive) {}

    /** A PUT of a file already stored with different content; refused (docs/postgres-contract.md A3). */
    default void conflict(String archive) {}

    /** A refused connection or request. */
    default void rejected(RejectReason reason) {}

    /** What to tell about the fsyncs of {@code archive}. */
    default FsyncObserver fsyncObserver(String archive) {
        return FsyncObserver.NONE;
    }
}
