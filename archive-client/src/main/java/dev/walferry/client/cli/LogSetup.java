package dev.walferry.client.cli;

import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** One line per event on stderr: {@code 2026-11-27T06:10:00.123Z INFO message}. Used by the receiver. */
public final class LogSetup {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_INSTANT.withZone(ZoneOffset.UTC);

    private LogSetup() {
    }

    public static void toStderr(boolean verbose) {
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        // Not a ConsoleHandler: replacing its stream would close System.err.
        PrintStream err = System.err;
        Handler h = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (isLoggable(r)) {
                    err.print(getFormatter().format(r));
                    err.flush();
                }
            }

            @Override
            public void flush() {
                err.flush();
            }

            @Override
            public void close() {
                err.flush();
            }
        };
        h.setFormatter(new Formatter() {
            @Override
            public String format(LogRecord r) {
                StringBuilder b = new StringBuilder()
                        .append(TIME.format(Instant.ofEpochMilli(r.getMillis()))).append(' ')
                        .append(level(r.getLevel())).append(' ')
                        .append(formatMessage(r)).append('\n');
                if (r.getThrown() != null && verbose) {
                    java.io.StringWriter sw = new java.io.StringWriter();
                    r.getThrown().printStackTrace(new java.io.PrintWriter(sw));
                    b.append(sw);
                }
                return b.toString();
            }
        });
        Level level = verbose ? Level.FINE : Level.INFO;
        h.setLevel(level);
        root.setLevel(level);
        Logger.getLogger("io.netty").setLevel(Level.WARNING);
        root.addHandler(h);
    }

    private static String level(Level l) {
        if (l.intValue() >= Level.SEVERE.intValue()) {
            return "ERROR";
        }
        if (l.intValue() >= Level.WARNING.intValue()) {
            return "WARN";
        }
        if (l.intValue() >= Level.INFO.intValue()) {
            return "INFO";
        }
        return "DEBUG";
    }
}
