package dev.walferry.pgctl;

import java.util.List;

/**
 * An external command exited non-zero or ran out of time. The message holds the command line, the exit code
 * (or the timeout) and the tail of its output, so a failing test or demo explains itself.
 */
public final class CommandFailedException extends PgException {

    /** Exit code reported when the command was killed after its timeout. */
    public static final int TIMED_OUT = -1;

    private final List<String> command;
    private final int exitCode;
    private final String outputTail;

    public CommandFailedException(List<String> command, int exitCode, String outputTail, String reason) {
        super(reason + ": " + ProcessResult.commandLine(command) + "\n" + outputTail);
        this.command = List.copyOf(command);
        this.exitCode = exitCode;
        this.outputTail = outputTail;
    }

    public List<String> command() {
        return command;
    }

    /** The exit code, or {@link #TIMED_OUT}. */
    public int exitCode() {
        return exitCode;
    }

    public String outputTail() {
        return outputTail;
    }
}
