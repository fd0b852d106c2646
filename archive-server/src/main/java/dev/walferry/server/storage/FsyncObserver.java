package dev.walferry.server.storage;

/**
 * Told the duration of every fsync an archive does (files and directories), for the receiver's fsync histogram.
 * Called on the storage thread right after the fsync; implementations must be cheap and must not throw.
 */
@FunctionalInterface
public interface FsyncObserver {

    /** Observes nothing. */
    FsyncObserver NONE = nanos -> {};

    void fsynced(long nanos);
}
