package dev.walferry.server.receiver;

/**
 * The receiver cannot start or reload as configured; the message names the option, file or archive and the cause.
 * The command line maps {@link #reason()} to its exit code.
 */
public final class ReceiverStartException extends RuntimeException {

    /** What kind of problem stopped the start or reload. */
    public enum Reason {
        /** A configuration value is wrong (duplicate archive, unknown archive in an allow rule, address in use). */
        CONFIG,
        /** The TLS files cannot be loaded or do not belong together. */
        TLS,
        /** An archive cannot be opened. */
        STORAGE
    }

    private final Reason reason;

    public ReceiverStartException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public ReceiverStartException(Reason reason, String message) {
        this(reason, message, null);
    }

    public Reason reason() {
        return reason;
    }
}
