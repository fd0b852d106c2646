package dev.walferry.server.net;

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
 * {@link LogEvent}) and the matching metrics. Keeps {@link ConnectionHandler} about the protocol.
 */
final class ConnectionEvents {

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

    /** Logs and counts a refusal, and returns it addressed to {@code streamId}. */
    Result refused(int streamId, Result r, LogEvent event, String what) {
        ReceiverLog.log(Level.WARNING, event.outcome(outcome(r.status())), "refused " + what + " from " + who() + ": "
                + r.status() + ": " + r.message());
        if (r.status() == Status.CONFLICT) {
            metrics.conflict(event.archive());
        } else {
            metrics.rejected(RejectReason.of(r.status()));
        }
        return Result.of(streamId, r.status(), r.message());
    }

    /** Logs and counts a storage failure, and returns the answer for it. */
    Result storageFailure(int streamId, LogEvent event, String what, IOException e) {
        String why = e.getMessage() != null ? e.getMessage() : e.toString();
        Status status = e instanceof StorageException s ? s.status() : Status.STORAGE_ERROR;
        ReceiverLog.log(Level.ERROR, event.outcome(outcome(status)), "storage error on " + what + " from " + who()
                + ": " + why);
        metrics.rejected(RejectReason.STORAGE_ERROR);
        return Result.of(streamId, status, why);
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
        LogEvent e = event("put", archive, t.put.name()).outcome(outcome(r.status())).sizes(t.put.size(),
                t.wireBytes, ms);
        ReceiverLog.log(Level.INFO, e, (r.status() == Status.STORED ? "stored " : "already present ") + archive + "/"
                + t.put.name() + " from " + who() + ": " + t.put.size() + " bytes (" + t.wireBytes
                + " on the wire), sha256 " + HexFormat.of().formatHex(sha256) + ", " + ms + " ms");
    }

    /** A GET answered with a stored file. */
    void sending(String archive, String file, long size) {
        ReceiverLog.log(Level.INFO, event("get", archive, file).outcome("sent").sizes(size, size, 0),
                "sending " + archive + "/" + file + " to " + who() + ": " + size + " bytes");
    }

    /** The client speaks another protocol version. */
    void wrongVersion(int version, int ours) {
        ReceiverLog.log(Level.WARNING, event("connect", null, null).outcome("unsupported_version"),
                "protocol error from " + who() + ": protocol version " + version + " (this receiver speaks " + ours
                        + "); closing");
        metrics.rejected(RejectReason.PROTOCOL_VERSION);
    }

    void protocolError(String message) {
        ReceiverLog.log(Level.WARNING, event("protocol", null, null).outcome("protocol_error"),
                "protocol error from " + who() + ": " + message + "; closing");
        metrics.rejected(RejectReason.PROTOCOL_ERROR);
    }

    static String outcome(Status s) {
        return s.name().toLowerCase(java.util.Locale.ROOT);
    }
}
