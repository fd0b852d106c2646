package dev.walferry.server.net;

import dev.walferry.protocol.codec.ProtocolException;
import dev.walferry.protocol.message.Result;
import dev.walferry.protocol.message.Status;
import dev.walferry.server.log.LogEvent;
import dev.walferry.server.log.ReceiverLog;
import dev.walferry.server.metrics.ReceiverMetrics;
import dev.walferry.server.metrics.RejectReason;
import dev.walferry.server.storage.CommitResult;
import dev.walferry.server.storage.StorageException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.HexFormat;

/**
 * What one connection reports about its requests: one log line per event (text, with the fields as a
 * {@link LogEvent}) and the matching metrics. Keeps the request handlers about the protocol.
 */
final class ConnectionEvents {

    private static final System.Logger LOG = System.getLogger("walferry.receiver");

    private final ReceiverMetrics metrics;
    private String identity;
    private String peer;

    ConnectionEvents(ReceiverMetrics metrics, String peer) {
        this.metrics = metrics;
        this.peer = peer;
    }

    void identified(String id, String address) {
        identity = id;
        peer = address;
    }

    /** "identity@address", or the address before HELLO. */
    String who() {
        return identity != null ? identity + "@" + peer : peer;
    }

    LogEvent event(String kind, String archive, String file) {
        return LogEvent.of(kind).archive(archive).file(file).client(identity, peer);
    }

    /** The fields of a log line about {@code request}; client text escaped. */
    LogEvent event(Request request) {
        return event(
                request.kind().event(),
                Printable.of(request.archive()),
                request.file() == null ? null : Printable.of(request.file()));
    }

    /** Logs and counts the refusal of {@code request}, and returns {@code answer}. */
    Result refused(Request request, Result answer) {
        LogEvent event = event(request);
        ReceiverLog.log(
                Level.WARNING,
                event.outcome(outcome(answer.status())),
                "refused " + request.label() + " from " + who() + ": " + answer.status() + ": " + answer.message());
        if (answer.status() == Status.CONFLICT) {
            metrics.conflict(event.archive());
        } else {
            metrics.rejected(RejectReason.of(answer.status()));
        }
        return answer;
    }

    /** Logs and counts a storage failure serving {@code request}, and returns the answer for it. */
    Result storageFailure(Request request, IOException e) {
        String why = e.getMessage() != null ? e.getMessage() : e.toString();
        Status status = e instanceof StorageException s ? s.status() : Status.STORAGE_ERROR;
        ReceiverLog.log(
                Level.ERROR,
                event(request).outcome(outcome(status)),
                "storage error on " + request.label() + " from " + who() + ": " + why);
        metrics.rejected(RejectReason.STORAGE_ERROR);
        return Result.of(request.streamId(), status, why);
    }

    /** A PUT that reached the commit step; logs and counts a durable outcome (a refusal goes to {@link #refused}). */
    void committed(InboundTransfer t, CommitResult r, byte[] sha256) {
        String archive = t.put.archive();
        metrics.received(archive, t.received, t.wireBytes);
        if (!r.status().isStoredDurably()) {
            return;
        }
        long ms = (System.nanoTime() - t.startNanos) / 1_000_000;
        if (r.status() == Status.STORED) {
            metrics.stored(archive, r.file());
        } else {
            metrics.duplicate(archive);
        }
        LogEvent e =
                event("put", archive, t.put.name()).outcome(outcome(r.status())).sizes(t.put.size(), t.wireBytes, ms);
        ReceiverLog.log(
                Level.INFO,
                e,
                (r.status() == Status.STORED ? "stored " : "already present ") + archive + "/"
                        + t.put.name() + " from " + who() + ": " + t.put.size() + " bytes (" + t.wireBytes
                        + " on the wire), sha256 " + HexFormat.of().formatHex(sha256) + ", " + ms + " ms");
    }

    /** A GET answered with a stored file. */
    void sending(String archive, String file, long size) {
        ReceiverLog.log(
                Level.INFO,
                event("get", archive, file).outcome("sent").sizes(size, size, 0),
                "sending " + archive + "/" + file + " to " + who() + ": " + size + " bytes");
    }

    /** The client speaks another protocol version. */
    void wrongVersion(int version, int ours) {
        ReceiverLog.log(
                Level.WARNING,
                event("connect", null, null).outcome("unsupported_version"),
                "protocol error from " + who() + ": protocol version " + version + " (this receiver speaks " + ours
                        + "); closing");
        metrics.rejected(RejectReason.PROTOCOL_VERSION);
    }

    private void protocolError(String message) {
        ReceiverLog.log(
                Level.WARNING,
                event("protocol", null, null).outcome("protocol_error"),
                "protocol error from " + who() + ": " + message + "; closing");
        metrics.rejected(RejectReason.PROTOCOL_ERROR);
    }

    /** Why serving the connection from {@code peer} failed; a protocol error is counted, a bug logged in full. */
    void failed(Throwable cause, String peer) {
        if (cause instanceof ProtocolException) {
            protocolError(cause.getMessage());
        } else if (TlsAudit.isTlsFailure(cause)) {
            LOG.log(Level.DEBUG, () -> "TLS failure from " + peer + ": " + cause);
        } else if (cause instanceof IOException) {
            LOG.log(Level.INFO, "connection from " + peer + " failed: " + cause.getMessage());
        } else {
            LOG.log(Level.ERROR, "unexpected error serving " + peer + "; closing", cause);
        }
    }

    static String outcome(Status s) {
        return s.name().toLowerCase(java.util.Locale.ROOT);
    }
}
