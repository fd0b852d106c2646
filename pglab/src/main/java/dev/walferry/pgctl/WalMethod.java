package dev.walferry.pgctl;

/** {@code pg_basebackup -X}: how a base backup gets the WAL it needs to become consistent. */
public enum WalMethod {
    /** Streamed alongside the backup into its pg_wal; the backup is self-contained. */
    STREAM("stream"),
    /** Not included: recovery must fetch it with restore_command, from the archive. */
    NONE("none");

    private final String arg;

    WalMethod(String arg) {
        this.arg = arg;
    }

    /** The value for {@code pg_basebackup -X}. */
    public String arg() {
        return arg;
    }
}
