package dev.walferry.cli.options;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * One line per event on stderr, used by the receiver: {@code 2026-11-27T06:10:00.123Z INFO message} in the
 * {@link Format#TEXT text} form, one JSON object per line in the {@link Format#JSON json} form (see
 * {@link JsonLogFormatter}).
 */
public final class LogSetup {

    /** {@code --log-format}. */
    public enum Format {
        TEXT,
        JSON
    }

    static final DateTimeFormatter TIME = DateTimeFormatter.ISO_INSTANT.withZone(ZoneOffset.UTC);

    private LogSetup() {}

    public static void toStderr(boolean verbose) {
        toStderr(verbose, Format.TEXT);
    }

    public static void toStderr(boolean verbose, Format format) {
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
        h.setFormatter(format == Format.JSON ? new JsonLogFormatter(verbose) : new TextFormatter(verbose));
        Level level = verbose ? Level.FINE : Level.INFO;
        h.setLevel(level);
        root.setLevel(level);
        Logger.getLogger("io.netty").setLevel(Level.WARNING);
        root.addHandler(h);
    }

    static String level(Level l) {
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

    /** The message of a record: receiver events carry their text as is (never a format pattern). */
    static String message(Formatter f, LogRecord r) {
        Object[] p = r.getParameters();
        return p != null && p.length == 1 && p[0] instanceof dev.walferry.server.log.LogEvent
                ? r.getMessage()
                : f.formatMessage(r);
    }

    static String stackTrace(Throwable t) {
        StringWriter sw = new StringWriter();
        t.printStackTrace(new PrintWriter(sw));
        return sw.toString();
    }

    private static final class TextFormatter extends Formatter {

        private final boolean verbose;

        TextFormatter(boolean verbose) {
            this.verbose = verbose;
        }

        @Override
        public String format(LogRecord r) {
            StringBuilder b = new StringBuilder()
                    .append(TIME.format(Instant.ofEpochMilli(r.getMillis())))
                    .append(' ')
                    .append(level(r.getLevel()))
                    .append(' ')
                    .append(message(this, r))
                    .append('\n');
            if (r.getThrown() != null && verbose) {
                b.append(stackTrace(r.getThrown()));
            }
            return b.toString();
        }
    }
}
