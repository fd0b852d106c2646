package dev.walferry.client.failure;

/**
 * A failure the user should see as one line: the message names the file and the cause; the exit code says
 * which kind of failure it was. Stack traces are shown only with --verbose.
 */
public class WalferryException extends RuntimeException {

    private final ExitCode exitCode;

    public WalferryException(ExitCode exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public WalferryException(ExitCode exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public ExitCode exitCode() {
        return exitCode;
    }
}
