package dev.walferry.server.log;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ResourceBundle;

/**
 * The receiver's event log ({@code walferry.receiver}): one line per event. The message is the text line; the
 * {@link LogEvent} rides along as the record's parameter so that a JSON formatter can write its fields. Messages
 * are never used as format patterns by the text formatter (see the CLI's LogSetup).
 */
public final class ReceiverLog {

    private static final Logger LOG = System.getLogger("walferry.receiver");

    private ReceiverLog() {}

    public static void log(Level level, LogEvent event, String message) {
        if (LOG.isLoggable(level)) {
            LOG.log(level, (ResourceBundle) null, message, event);
        }
    }
}
