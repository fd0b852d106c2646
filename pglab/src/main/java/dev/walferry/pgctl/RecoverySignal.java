package dev.walferry.pgctl;

/** The signal files (PostgreSQL 12+) that start a server in recovery. */
public enum RecoverySignal {
    /** Stay in recovery, following the archive (and/or a primary), until promoted. */
    STANDBY("standby.signal"),
    /** Targeted recovery: replay until the archive runs out or the target is reached, then a new timeline. */
    RECOVERY("recovery.signal");

    private final String fileName;

    RecoverySignal(String fileName) {
        this.fileName = fileName;
    }

    public String fileName() {
        return fileName;
    }
}
