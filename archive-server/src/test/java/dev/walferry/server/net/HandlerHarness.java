package dev.walferry.server.net;

import dev.walferry.protocol.codec.ProtocolException;
import dev.walferry.protocol.frame.FrameDecoder;
import dev.walferry.protocol.frame.MessageEncoder;
import dev.walferry.protocol.message.Hello;
import dev.walferry.protocol.message.Message;
import dev.walferry.protocol.message.MessageDecoder;
import dev.walferry.server.metrics.ReceiverMetrics;
import dev.walferry.server.storage.ArchiveStorage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The receiver's pipeline after TLS (frames, messages, backpressure, {@link ConnectionHandler}) on an
 * {@link EmbeddedChannel}, as client "primary" allowed on archive "main". Feeds raw bytes, decodes what the
 * receiver answers, and captures the receiver's log lines. Close it to detach the log capture.
 */
final class HandlerHarness implements AutoCloseable {

    private static final Logger RECEIVER_LOG = Logger.getLogger("walferry.receiver");

    final EmbeddedChannel channel;
    private final ByteBuf answers = Unpooled.buffer();
    private final List<LogRecord> log = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            synchronized (log) {
                log.add(r);
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    private final boolean parentHandlers = RECEIVER_LOG.getUseParentHandlers();
    private final AdminRequests admin;

    HandlerHarness(ArchiveStorage main) {
        RECEIVER_LOG.addHandler(capture);
        RECEIVER_LOG.setLevel(Level.ALL);
        RECEIVER_LOG.setUseParentHandlers(false); // captured here; keeps fuzz runs from flooding the console
        ArrivalWaiters waiters = new ArrivalWaiters();
        waiters.watch(main);
        InboundBackpressure backpressure = new InboundBackpressure();
        ArchiveAccess access = new ArchiveAccess(Map.of("main", main), Map.of("main", Set.of("primary")));
        ReceiverStats stats = new ReceiverStats();
        admin = new AdminRequests(stats);
        channel = new EmbeddedChannel(
                new FrameDecoder(),
                MessageEncoder.INSTANCE,
                backpressure,
                new ConnectionHandler(
                        new Authorizer(() -> access),
                        waiters,
                        backpressure,
                        admin,
                        stats,
                        new ConnectionEvents(ReceiverMetrics.NONE, "embedded"),
                        ctx -> "primary"));
    }

    /** Frames for {@code messages}, concatenated. */
    static byte[] frames(Message... messages) {
        ByteBuf b = Unpooled.buffer();
        for (Message m : messages) {
            MessageEncoder.encodeFrame(m, b);
        }
        byte[] out = new byte[b.readableBytes()];
        b.readBytes(out);
        return out;
    }

    static byte[] hello() {
        return frames(Hello.current("harness"));
    }

    /**
     * Writes {@code bytes} as one read, unless the channel is already closed. When the receiver closes the connection
     * in the middle of a read, the embedded channel closes at once and the decoder's error on a later frame of that
     * read finds no handler left; a real connection would only log it. Any other error fails the test.
     */
    HandlerHarness feed(byte[] bytes) {
        if (channel.isOpen()) {
            try {
                channel.writeInbound(Unpooled.wrappedBuffer(bytes));
            } catch (ProtocolException e) {
                if (channel.isOpen()) {
                    throw e;
                }
            }
            channel.runPendingTasks();
        }
        return this;
    }

    HandlerHarness send(Message... messages) {
        return feed(frames(messages));
    }

    /** Everything the receiver answered so far, decoded; a malformed answer fails the test. */
    List<Message> answers() {
        for (Object o; (o = channel.readOutbound()) != null; ) {
            ByteBuf b = (ByteBuf) o;
            answers.writeBytes(b);
            b.release();
        }
        List<Message> out = new ArrayList<>();
        ByteBuf view = answers.duplicate();
        while (view.readableBytes() >= 4 && view.readableBytes() >= 4 + view.getInt(view.readerIndex())) {
            int len = view.readInt();
            out.add(MessageDecoder.decode(view.readSlice(len)));
        }
        return out;
    }

    boolean closed() {
        return !channel.isOpen();
    }

    List<String> logLines() {
        synchronized (log) {
            return log.stream().map(LogRecord::getMessage).toList();
        }
    }

    /** Lines logged at SEVERE (the receiver's "unexpected error": a bug, never a client's fault). */
    List<String> errors() {
        synchronized (log) {
            return log.stream()
                    .filter(r -> r.getLevel().intValue() >= Level.SEVERE.intValue())
                    .map(r -> r.getMessage() + (r.getThrown() != null ? ": " + r.getThrown() : ""))
                    .toList();
        }
    }

    boolean logged(String fragment) {
        return logLines().stream().anyMatch(l -> l.contains(fragment));
    }

    @Override
    public void close() {
        admin.close();
        channel.finishAndReleaseAll();
        answers.release();
        RECEIVER_LOG.removeHandler(capture);
        RECEIVER_LOG.setUseParentHandlers(parentHandlers);
    }
}
