package dev.walferry.cli.tls;

import dev.walferry.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/** Runs {@code walferry tls ...} in-process through the real main command, with captured output. */
record TlsCli(int exitCode, String out, String err) {

    static TlsCli run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of("tls"));
        all.addAll(List.of(args));
        int code = Main.run(all.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        return new TlsCli(code, out.toString(), err.toString());
    }
}
