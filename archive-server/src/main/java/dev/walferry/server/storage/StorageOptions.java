package dev.walferry.server.storage;

import java.time.Duration;
import java.util.Objects;

/**
 * Tunables of an archive's storage.
 *
 * @param slowFsyncThreshold an fsync that takes longer is logged as a warning with the file size
 *                           (a slow disk shows up here long before archiving falls behind)
 * @param fsyncObserver      told the duration of every fsync (the receiver's metrics)
 */
public record StorageOptions(Duration slowFsyncThreshold, FsyncObserver fsyncObserver) {

    /** Default {@link #slowFsyncThreshold}: one second, as ZooKeeper's {@code fsync.warningthresholdms}. */
    public static final Duration DEFAULT_SLOW_FSYNC = Duration.ofSeconds(1);

    public StorageOptions {
        Objects.requireNonNull(slowFsyncThreshold, "slowFsyncThreshold");
        Objects.requireNonNull(fsyncObserver, "fsyncObserver");
        if (slowFsyncThreshold.isNegative()) {
            throw new IllegalArgumentException("slowFsyncThreshold must not be negative: " + slowFsyncThreshold);
        }
    }

    public static StorageOptions defaults() {
        return new StorageOptions(DEFAULT_SLOW_FSYNC, FsyncObserver.NONE);
    }

    public StorageOptions withSlowFsyncThreshold(Duration threshold) {
        return new StorageOptions(threshold, fsyncObserver);
    }

    public StorageOptions withFsyncObserver(FsyncObserver observer) {
        return new StorageOptions(slowFsyncThreshold, observer);
    }
}
