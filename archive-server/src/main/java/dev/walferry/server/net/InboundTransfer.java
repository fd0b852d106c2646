package dev.walferry.server.net;

import dev.walferry.protocol.message.Put;
import dev.walferry.server.storage.ArchiveStorage;
import dev.walferry.server.storage.Incoming;

/**
 * One PUT in progress on a connection. A transfer refused before or during the upload has no
 * {@link Incoming} any more: its answer was already sent and its remaining DATA frames are discarded until
 * PUT_END closes the stream.
 */
final class InboundTransfer {

    final Put put;
    final ArchiveStorage storage;
    final long startNanos = System.nanoTime();
    Incoming incoming;
    long received;
    long wireBytes;
    /** The answer for a refused transfer, sent at PUT_END when the client reads answers. */
    dev.walferry.protocol.message.Result failure;

    InboundTransfer(Put put, ArchiveStorage storage, Incoming incoming) {
        this.put = put;
        this.storage = storage;
        this.incoming = incoming;
    }

    static InboundTransfer refused(Put put) {
        return new InboundTransfer(put, null, null);
    }

    boolean discarding() {
        return incoming == null;
    }

    /** Deletes the temp file, if any; the archive is left as it was. */
    void abort() {
        Incoming in = incoming;
        incoming = null;
        if (in != null) {
            try {
                in.close();
            } catch (Exception e) {
                System.getLogger("walferry.receiver")
                        .log(
                                System.Logger.Level.WARNING,
                                "could not discard the temp file of " + put.name() + ": " + e.getMessage());
            }
        }
    }
}
