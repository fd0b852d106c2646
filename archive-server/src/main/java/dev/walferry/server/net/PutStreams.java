package dev.walferry.server.net;

import dev.walferry.protocol.codec.ProtocolException;
import dev.walferry.protocol.message.Data;
import dev.walferry.protocol.message.Put;
import dev.walferry.protocol.message.PutEnd;
import dev.walferry.protocol.message.Result;
import dev.walferry.protocol.wal.WalFileName;
import dev.walferry.server.storage.CommitResult;
import io.netty.channel.ChannelHandlerContext;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The PUT streams of one connection: PUT opens one, DATA fills its temp file, PUT_END commits it and answers. A
 * refused PUT stays open to discard its DATA and gets its answer at PUT_END. Not thread-safe: runs on the
 * connection's storage executor.
 */
final class PutStreams {

    private final ConnectionEvents events;
    private final Map<Integer, InboundTransfer> open = new HashMap<>();
    private final ChunkDecoder chunks = new ChunkDecoder();

    PutStreams(ConnectionEvents events) {
        this.events = events;
    }

    boolean has(int streamId) {
        return open.containsKey(streamId);
    }

    int count() {
        return open.size();
    }

    /** Opens the stream of {@code p}, whose refusal, if {@code decision} is one, was logged already. */
    void begin(Request request, Put p, WalFileName name, Authorizer.Decision decision) {
        InboundTransfer t = InboundTransfer.refused(p);
        open.put(p.streamId(), t);
        if (!decision.granted()) {
            t.failure = decision.refusal();
            return;
        }
        try {
            open.put(
                    p.streamId(),
                    new InboundTransfer(
                            p, decision.storage(), decision.storage().begin(name, p.size())));
        } catch (IOException e) {
            t.failure = events.storageFailure(request, e);
        }
    }

    void data(Data d) {
        InboundTransfer t = open.get(d.streamId());
        if (t == null) {
            throw new ProtocolException("DATA for stream " + d.streamId() + ", which has no open PUT");
        }
        t.received += d.rawLength();
        t.wireBytes += d.bytes().length;
        if (t.received > t.put.size()) {
            throw new ProtocolException(
                    "PUT " + Printable.of(t.put.name()) + " sends more than its declared size " + t.put.size());
        }
        byte[] raw = chunks.decode(d, t.put.compression());
        if (t.discarding()) {
            return;
        }
        try {
            t.incoming.write(raw, 0, d.rawLength());
        } catch (IOException e) {
            t.abort();
            t.failure = events.storageFailure(Request.of(t.put), e);
        }
    }

    void end(ChannelHandlerContext ctx, PutEnd e) {
        InboundTransfer t = open.remove(e.streamId());
        if (t == null) {
            throw new ProtocolException("PUT_END for stream " + e.streamId() + ", which has no open PUT");
        }
        if (t.received != t.put.size()) {
            t.abort();
            throw new ProtocolException("PUT " + Printable.of(t.put.name()) + " ended after " + t.received
                    + " bytes but declared " + t.put.size());
        }
        if (t.discarding()) {
            ctx.writeAndFlush(t.failure);
            return;
        }
        Request request = Request.of(t.put);
        CommitResult r;
        try {
            r = t.incoming.commit(e.sha256());
        } catch (IOException ex) {
            ctx.writeAndFlush(events.storageFailure(request, ex));
            return;
        } finally {
            t.abort();
        }
        events.committed(t, r, e.sha256());
        if (r.status().isStoredDurably()) {
            ctx.writeAndFlush(new Result(
                    e.streamId(), r.status(), r.file().size(), r.file().sha256(), r.message()));
        } else {
            ctx.writeAndFlush(events.refused(request, Result.of(e.streamId(), r.status(), r.message())));
        }
    }

    /** Discards every open transfer's temp file; the streams stay open (the connection is closing). */
    void abortAll() {
        open.values().forEach(InboundTransfer::abort);
    }

    /** The connection is gone: discards every transfer and frees the decoder. */
    void close() {
        abortAll();
        open.clear();
        chunks.close();
    }
}
