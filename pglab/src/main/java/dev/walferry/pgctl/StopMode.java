package dev.walferry.pgctl;

/** {@code pg_ctl stop -m}: how a server shuts down. */
public enum StopMode {
    /** Wait for every client to disconnect. */
    SMART("smart"),
    /** Disconnect clients, then a clean shutdown checkpoint. */
    FAST("fast"),
    /** Quit at once; the next start runs crash recovery. */
    IMMEDIATE("immediate");

    private final String arg;

    StopMode(String arg) {
        this.arg = arg;
    }

    /** The value for {@code pg_ctl -m}. */
    public String arg() {
        return arg;
    }
}
