package dev.walferry.it.fault;

import dev.walferry.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs client commands in this JVM through {@link Main#run}, exactly as the launcher would, but without a JVM start
 * per call, so that hundreds of pushes from several threads fit in a quick test. Each call builds its own command
 * line, TLS context and connection, so concurrent calls share nothing.
 */
final class Walferry {

    private Walferry() {}

    /** One finished command: exit code and what it printed on stderr. */
    record Run(int code, String err) {
        /** The one-line error a failed command printed (empty when none). */
        String errorLine() {
            return err.lines().filter(l -> l.contains("error:")).findFirst().orElse("");
        }
    }

    static Run run(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, err.toString());
    }

    static List<String> args(String command, List<String> options, String... rest) {
        List<String> a = new ArrayList<>();
        a.add(command);
        a.addAll(options);
        a.addAll(List.of(rest));
        return a;
    }
}
