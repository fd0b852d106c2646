package dev.walferry.server.log;

/**
 * The fields of one receiver log line, for {@code --log-format json}. Every field but {@link #event} may be null.
 * The text form of the line is the log message; this record travels as the log record's single parameter.
 *
 * @param event     what happened: put, get, stat, list, admin, tls, protocol, connect, reload, start, stop
 * @param archive   the archive name, as configured or as the client sent it
 * @param file      the WAL file name
 * @param identity  the client identity (certificate CN), once known
 * @param peer      the client's address
 * @param outcome   stored, already_present, conflict, sent, not_found, refused status in lower case, error...
 * @param bytes     content bytes
 * @param wireBytes bytes received on the wire (compressed)
 * @param ms        how long the event took
 */
public record LogEvent(
        String event,
        String archive,
        String file,
        String identity,
        String peer,
        String outcome,
        Long bytes,
        Long wireBytes,
        Long ms) {

    /** An event with only its name. */
    public static LogEvent of(String event) {
        return new LogEvent(event, null, null, null, null, null, null, null, null);
    }

    public LogEvent archive(String a) {
        return new LogEvent(event, a, file, identity, peer, outcome, bytes, wireBytes, ms);
    }

    public LogEvent file(String f) {
        return new LogEvent(event, archive, f, identity, peer, outcome, bytes, wireBytes, ms);
    }

    public LogEvent client(String id, String address) {
        return new LogEvent(event, archive, file, id, address, outcome, bytes, wireBytes, ms);
    }

    public LogEvent outcome(String o) {
        return new LogEvent(event, archive, file, identity, peer, o, bytes, wireBytes, ms);
    }

    public LogEvent sizes(long raw, long wire, long millis) {
        return new LogEvent(event, archive, file, identity, peer, outcome, raw, wire, millis);
    }
}
