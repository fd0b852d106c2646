package dev.walferry.client.failure;

/**
 * Every exit code of the {@code walferry} command. All failures stay within 1..125 so that PostgreSQL's
 * archiver treats them as "try again later" (docs/postgres-contract.md A2); only {@link #RECOVERY_ABORT} lies above, on
 * purpose.
 */
public enum ExitCode {
    /** Success: pushed and durable, restored and verified, or the command did what was asked. */
    OK(0, "Success: pushed and durable, restored and verified, or the command did what was asked."),
    /** restore: the file is not in the archive (PostgreSQL asks for files that do not exist all the time). */
    NOT_FOUND(1, "restore: the file is not in the archive (PostgreSQL asks for files that do not exist all the time)."),
    /** Bad command line or configuration value. */
    USAGE(2, "Bad command line or configuration value."),
    /** Could not connect to the receiver (refused, unreachable, name not resolved). */
    CONNECT(3, "Could not connect to the receiver (refused, unreachable, name not resolved)."),
    /** TLS handshake failed, or the receiver refused this identity for the archive. */
    TLS_AUTH(4, "TLS handshake failed, or the receiver refused this identity for the archive."),
    /** A file of that name is archived with different content; nothing was overwritten. */
    CONFLICT(5, "A file of that name is archived with different content; nothing was overwritten."),
    /** The segment belongs to another cluster than the one the archive is bound to. */
    WRONG_CLUSTER(6, "The segment belongs to another cluster than the one the archive is bound to."),
    /** The receiver could not store the file (I/O error, disk full). */
    STORAGE(7, "The receiver could not store the file (I/O error, disk full)."),
    /** Bytes received do not match the declared SHA-256 (corruption in transit or at rest). */
    CHECKSUM_MISMATCH(8, "Bytes received do not match the declared SHA-256 (corruption in transit or at rest)."),
    /** The receiver did not answer in time. */
    TIMEOUT(9, "The receiver did not answer in time."),
    /** The local file is unusable: invalid name, unreadable, truncated, or not a WAL segment of this cluster. */
    BAD_FILE(
            10,
            "The local file is unusable: invalid name, unreadable, truncated, or not a WAL segment of this "
                    + "cluster."),
    /** Local I/O failed (reading %p, writing the restored file). */
    LOCAL_IO(11, "Local I/O failed (reading %p, writing the restored file)."),
    /** The peer broke the protocol (unexpected or malformed answer). */
    PROTOCOL(12, "The peer broke the protocol (unexpected or malformed answer)."),
    /** Anything unexpected; a bug. Run with --verbose and report it. */
    INTERNAL(13, "Anything unexpected; a bug. Run with --verbose and report it."),
    /** The receiver reported a problem with the request itself (unknown archive, refused name). */
    REFUSED(14, "The receiver reported a problem with the request itself (unknown archive, refused name)."),
    /** A health check (archive status/verify) found a problem. */
    UNHEALTHY(15, "A health check (archive status/verify) found a problem."),
    /** Something the command needs is not installed (e.g. the PostgreSQL server binaries for the demo). */
    ENVIRONMENT(16, "Something the command needs is not installed (e.g. the PostgreSQL server binaries for the demo)."),
    /**
     * restore during targeted recovery (recovery.signal without standby.signal) could not reach the receiver
     * within the retry time. Above 125 on purpose: PostgreSQL then stops recovery instead of treating the file
     * as missing and promoting early (docs/postgres-contract.md R4).
     */
    RECOVERY_ABORT(
            126,
            "restore in targeted recovery could not reach the receiver in time: stopping recovery is "
                    + "safer than reporting the file missing.");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    /** One line for the manual page's EXIT STATUS. */
    public String meaning() {
        return meaning;
    }

    public int code() {
        return code;
    }

    /**
     * A failure that may pass if tried again soon: the receiver unreachable, silent, out of storage, or restarting
     * mid-handshake (which looks like a refused handshake to the client; a real certificate problem then only costs
     * the retry time).
     */
    public boolean isTransient() {
        return this == CONNECT || this == TIMEOUT || this == STORAGE || this == TLS_AUTH;
    }
}
