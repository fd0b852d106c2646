package dev.walferry.client.tls;

import dev.walferry.client.cli.WalferryException;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * Runs {@code walferry tls ...} in-process with captured output. Maps {@link WalferryException} to its exit code
 * and a one-line message on stderr, as the {@code walferry} main command does.
 */
record TlsCli(int exitCode, String out, String err) {

    static TlsCli run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new TlsCommand())
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true));
        cli.setExecutionExceptionHandler((e, command, parseResult) -> {
            if (e instanceof WalferryException w) {
                command.getErr().println("walferry: " + w.getMessage());
                return w.exitCode().code();
            }
            throw e;
        });
        int code = cli.execute(args);
        return new TlsCli(code, out.toString(), err.toString());
    }
}
