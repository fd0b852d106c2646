package dev.walferry.pgctl;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** One PostgreSQL installation and the OS user its tools run as. */
public record PgTools(PgBinaries binaries, ProcessRunner runner) {

    /** Default limit for a tool that should finish quickly (initdb, pg_ctl, psql, pg_controldata). */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    /**
     * The installation {@link PgBinaries#require()} finds, run as {@link OsUser#forPostgres()}.
     *
     * @throws PgException when no installation is found
     */
    public static PgTools detect() {
        return new PgTools(PgBinaries.require(), new ProcessRunner(OsUser.forPostgres()));
    }

    public OsUser user() {
        return runner.user();
    }

    /**
     * Runs {@code tool} of this installation with {@code args}, as the postgres user.
     *
     * @throws CommandFailedException when it fails or times out
     */
    public ProcessResult run(String tool, List<String> args, Duration timeout) {
        return runner.run(commandLine(tool, args), timeout);
    }

    public ProcessResult run(String tool, List<String> args) {
        return run(tool, args, DEFAULT_TIMEOUT);
    }

    /** Like {@link #run(String, List, Duration)} but returns a non-zero exit code instead of throwing. */
    public ProcessResult runAllowingFailure(String tool, List<String> args, Duration timeout) {
        return runner.runAllowingFailure(commandLine(tool, args), timeout);
    }

    private List<String> commandLine(String tool, List<String> args) {
        List<String> cmd = new ArrayList<>(args.size() + 1);
        cmd.add(binaries.tool(tool).toString());
        cmd.addAll(args);
        return cmd;
    }
}
