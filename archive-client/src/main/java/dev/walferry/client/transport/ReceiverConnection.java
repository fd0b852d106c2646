package dev.walferry.client.transport;

import dev.walferry.client.failure.ExitCode;
import dev.walferry.client.failure.WalferryException;
import dev.walferry.protocol.ReceiverAddress;
import dev.walferry.protocol.codec.Limits;
import dev.walferry.protocol.codec.ProtocolException;
import dev.walferry.protocol.frame.MessageEncoder;
import dev.walferry.protocol.message.Hello;
import dev.walferry.protocol.message.Message;
import dev.walferry.protocol.message.MessageDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * A blocking mutual-TLS connection to a receiver, for one command run. The client side is a short-lived process
 * started by PostgreSQL for each file, so it uses a plain JDK {@link SSLSocket} (no event loop to start) with the
 * same frame codec as the receiver's Netty pipeline. Not thread-safe.
 */
public final class ReceiverConnection implements Closeable {

    private final ReceiverAddress address;
    private final Socket raw;
    private final SSLSocket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final ByteBuf encodeBuffer = Unpooled.buffer(Limits.MAX_CHUNK + 64);

    private final long ioTimeoutMillis;
    private volatile boolean writeTimedOut;
    private final java.util.concurrent.atomic.AtomicReference<Object> inWrite =
            new java.util.concurrent.atomic.AtomicReference<>();

    private ReceiverConnection(ReceiverAddress address, Socket raw, SSLSocket socket, Duration ioTimeout)
            throws IOException {
        this.address = address;
        this.raw = raw;
        this.socket = socket;
        this.ioTimeoutMillis = ioTimeout.toMillis();
        this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 64 * 1024));
        this.out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
    }

    /**
     * Connects, completes the TLS handshake (verifying that the receiver's certificate names {@code address.host()})
     * and exchanges HELLO.
     *
     * @throws WalferryException with {@link ExitCode#CONNECT}, {@link ExitCode#TLS_AUTH}, {@link ExitCode#TIMEOUT}
     *                           or {@link ExitCode#PROTOCOL}
     */
    public static ReceiverConnection open(
            ReceiverAddress address, SSLContext tls, Duration connectTimeout, Duration ioTimeout) {
        Socket raw = new Socket();
        try {
            raw.setTcpNoDelay(true);
            keepAlive(raw);
            raw.connect(new InetSocketAddress(address.host(), address.port()), (int) connectTimeout.toMillis());
        } catch (IOException e) {
            closeQuietly(raw);
            throw TransportErrors.connect(address, e);
        }
        ReceiverConnection c = null;
        try {
            raw.setSoTimeout((int) ioTimeout.toMillis());
            SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket(raw, address.host(), address.port(), true);
            s.setEnabledProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
            SSLParameters p = s.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS");
            s.setSSLParameters(p);
            s.startHandshake();
            c = new ReceiverConnection(address, raw, s, ioTimeout);
            c.send(Hello.current("walferry-client"));
            c.flush();
            Message reply = c.read();
            if (!(reply instanceof Hello h)) {
                throw new WalferryException(
                        ExitCode.PROTOCOL, "receiver " + address + " answered HELLO with " + reply.type());
            }
            if (h.version() != Hello.VERSION) {
                throw new WalferryException(
                        ExitCode.PROTOCOL,
                        "receiver " + address + " speaks protocol version " + h.version() + ", this client "
                                + Hello.VERSION + "; upgrade one side");
            }
            return c;
        } catch (IOException e) {
            closeQuietly(c != null ? c : raw);
            throw TransportErrors.handshake(address, e);
        } catch (RuntimeException e) {
            closeQuietly(c != null ? c : raw);
            throw e;
        }
    }

    /**
     * TCP keepalive after 30 s idle, every 10 s, 3 probes: a warm connection of the push-agent that a firewall or a
     * vanished receiver dropped silently is found dead while idle (and the probes keep most firewalls from dropping
     * it), instead of at the next push. Best effort: platforms without these options keep their defaults.
     */
    private static void keepAlive(Socket raw) throws IOException {
        raw.setKeepAlive(true);
        try {
            raw.setOption(jdk.net.ExtendedSocketOptions.TCP_KEEPIDLE, 30);
            raw.setOption(jdk.net.ExtendedSocketOptions.TCP_KEEPINTERVAL, 10);
            raw.setOption(jdk.net.ExtendedSocketOptions.TCP_KEEPCOUNT, 3);
        } catch (UnsupportedOperationException e) {
            // keepalive with the system's timing
        }
    }

    public ReceiverAddress address() {
        return address;
    }

    /** Encodes and buffers one frame (a large one is written through at once). */
    public void send(Message m) throws IOException {
        encodeBuffer.clear();
        MessageEncoder.encodeFrame(m, encodeBuffer);
        guarded(() -> encodeBuffer.readBytes(out, encodeBuffer.readableBytes()));
    }

    public void flush() throws IOException {
        guarded(out::flush);
    }

    /** A write to the socket. */
    private interface SocketWrite {
        void run() throws IOException;
    }

    /**
     * Runs a write that must finish within the I/O timeout. SO_TIMEOUT bounds reads only; a receiver (or a firewall
     * that silently dropped the connection) that stops taking bytes would otherwise block a write until TCP gives up,
     * many minutes later. So a watchdog closes the socket when the write is overdue, and the write fails as a
     * timeout.
     */
    private void guarded(SocketWrite write) throws IOException {
        if (ioTimeoutMillis <= 0) {
            write.run(); // --timeout 0: no limit, as for reads
            return;
        }
        // The write and its alarm race for one token, so that an alarm that fires as the write completes either
        // closed the socket (and the write is reported as timed out) or did nothing.
        Object token = new Object();
        inWrite.set(token);
        ScheduledFuture<?> alarm = WriteWatchdog.TIMER.schedule(
                () -> {
                    if (inWrite.compareAndSet(token, null)) {
                        writeTimedOut = true;
                        abort();
                    }
                },
                ioTimeoutMillis,
                TimeUnit.MILLISECONDS);
        try {
            write.run();
        } catch (IOException e) {
            throw writeTimedOut ? timedOut(e) : e;
        } finally {
            alarm.cancel(false);
        }
        if (!inWrite.compareAndSet(token, null)) {
            throw timedOut(null);
        }
    }

    private SocketTimeoutException timedOut(IOException cause) {
        SocketTimeoutException t =
                new SocketTimeoutException("the receiver took no data for " + ioTimeoutMillis + " ms");
        if (cause != null) {
            t.initCause(cause);
        }
        return t;
    }

    /** One daemon thread for every connection's write deadline, started on first use. */
    private static final class WriteWatchdog {
        static final ScheduledThreadPoolExecutor TIMER = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "walferry-write-watchdog");
            t.setDaemon(true);
            return t;
        });

        static {
            TIMER.setRemoveOnCancelPolicy(true);
        }
    }

    /**
     * Reads the next message.
     *
     * @throws EOFException when the receiver closed the connection
     * @throws MalformedFrameException when the frame is malformed
     */
    public Message read() throws IOException {
        try {
            return readFrame();
        } catch (IOException e) {
            throw writeTimedOut && !(e instanceof SocketTimeoutException) ? timedOut(e) : e;
        }
    }

    private Message readFrame() throws IOException {
        long length = Integer.toUnsignedLong(in.readInt());
        if (length < Limits.MIN_FRAME_LENGTH || length > Limits.MAX_FRAME_LENGTH) {
            throw new MalformedFrameException("receiver sent a frame of length " + length, null);
        }
        byte[] frame = new byte[(int) length];
        in.readFully(frame);
        try {
            return MessageDecoder.decode(Unpooled.wrappedBuffer(frame));
        } catch (ProtocolException e) {
            throw new MalformedFrameException(e.getMessage(), e);
        }
    }

    /**
     * The receiver sent a malformed frame. An {@link IOException}, so that every caller that maps transport
     * failures maps it too (exit code PROTOCOL) instead of letting it escape as an internal error.
     */
    public static final class MalformedFrameException extends IOException {
        MalformedFrameException(String message, ProtocolException cause) {
            super(message, cause);
        }
    }

    @Override
    public void close() {
        closeQuietly(socket);
    }

    /**
     * Closes the TCP connection under TLS without a close_notify, from any thread: a {@link #read} blocked in
     * another thread fails at once with an {@link IOException}. For ending a wait on a signal.
     */
    public void abort() {
        closeQuietly(raw);
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing after a failure; the failure is what gets reported
        }
    }
}
