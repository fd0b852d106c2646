package dev.walferry.server.net;

import dev.walferry.protocol.codec.ProtocolException;
import dev.walferry.protocol.message.CleanupRequest;
import dev.walferry.protocol.message.Get;
import dev.walferry.protocol.message.ListRequest;
import dev.walferry.protocol.message.Message;
import dev.walferry.protocol.message.Put;
import dev.walferry.protocol.message.ShowRequest;
import dev.walferry.protocol.message.Stat;
import dev.walferry.protocol.message.StatusRequest;
import dev.walferry.protocol.message.VerifyRequest;
import dev.walferry.protocol.wal.WalFileName;
import java.util.Locale;

/**
 * What a client asks of one archive, as the receiver authorizes, logs and counts it: the request kind, its stream,
 * the archive and, for the transfers and lookups of one file, that file's name (as sent; see {@link #walName()}).
 */
record Request(Kind kind, int streamId, String archive, String file) {

    /** The request kinds, one per message that opens a request (docs/protocol.md). */
    enum Kind {
        PUT,
        GET,
        STAT,
        LIST,
        STATUS,
        VERIFY,
        SHOW,
        CLEANUP;

        /** The operator requests ({@code walferry archive ... --server}), served by {@link AdminRequests}. */
        boolean operator() {
            return ordinal() >= STATUS.ordinal();
        }

        /** The log event name: the kind in lower case, "admin" for operator requests. */
        String event() {
            return operator() ? "admin" : name().toLowerCase(Locale.ROOT);
        }
    }

    /** @throws ProtocolException when {@code m} opens no request (HELLO again, a RESULT...) */
    static Request of(Message m) {
        if (m instanceof Put p) {
            return new Request(Kind.PUT, p.streamId(), p.archive(), p.name());
        } else if (m instanceof Get g) {
            return new Request(Kind.GET, g.streamId(), g.archive(), g.name());
        } else if (m instanceof Stat s) {
            return new Request(Kind.STAT, s.streamId(), s.archive(), s.name());
        } else if (m instanceof ListRequest l) {
            return new Request(Kind.LIST, l.streamId(), l.archive(), null);
        } else if (m instanceof StatusRequest s) {
            return new Request(Kind.STATUS, s.streamId(), s.archive(), null);
        } else if (m instanceof VerifyRequest v) {
            return new Request(Kind.VERIFY, v.streamId(), v.archive(), null);
        } else if (m instanceof ShowRequest s) {
            // SHOW's name is the operator's argument, checked by AdminTask: a bad one is BAD_REQUEST, not hostile
            return new Request(Kind.SHOW, s.streamId(), s.archive(), null);
        } else if (m instanceof CleanupRequest c) {
            return new Request(Kind.CLEANUP, c.streamId(), c.archive(), null);
        }
        throw new ProtocolException("unexpected " + m.type() + " from client");
    }

    /**
     * The file name, checked. A name that is not a valid archive name ("/", "..", NUL, over 64 characters...; see
     * {@link WalFileName}) breaks the protocol: conforming clients check names before sending, so the peer is
     * hostile or broken.
     */
    WalFileName walName() {
        try {
            return WalFileName.parse(file);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(e.getMessage());
        }
    }

    /** For log lines: "PUT main/000000010000000000000001", "LIST main", "CLEANUP main"; client text escaped. */
    String label() {
        return kind + " " + Printable.of(archive) + (file == null ? "" : "/" + Printable.of(file));
    }
}
