package dev.walferry.it.fault;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * A TCP proxy on 127.0.0.1 between a client and the receiver that injects one {@link Fault} per connection, at a
 * byte offset of one direction: cut the connection (both sides reset), flip one bit, or stall (keep reading but
 * forward nothing for a while; a side that goes away during the stall still closes the other). Bytes before the
 * offset, and after a flip or stall, pass unchanged.
 */
final class FaultProxy implements AutoCloseable {

    enum Direction {
        TO_RECEIVER,
        TO_CLIENT
    }

    enum Kind {
        NONE,
        CUT,
        FLIP,
        STALL
    }

    /** What to do to a connection: {@code kind} at byte {@code offset} of {@code direction}. */
    record Fault(Kind kind, Direction direction, long offset, int bit, Duration stall) {
        static Fault none() {
            return new Fault(Kind.NONE, Direction.TO_RECEIVER, Long.MAX_VALUE, 0, Duration.ZERO);
        }

        static Fault cut(Direction d, long offset) {
            return new Fault(Kind.CUT, d, offset, 0, Duration.ZERO);
        }

        static Fault flip(Direction d, long offset, int bit) {
            return new Fault(Kind.FLIP, d, offset, bit, Duration.ZERO);
        }

        static Fault stall(Direction d, long offset, Duration stall) {
            return new Fault(Kind.STALL, d, offset, 0, stall);
        }

        @Override
        public String toString() {
            return kind == Kind.NONE
                    ? "none"
                    : kind + " " + direction + " at byte " + offset + (kind == Kind.FLIP ? " bit " + bit : "")
                            + (kind == Kind.STALL ? " for " + stall : "");
        }
    }

    private final ServerSocket server;
    private final int upstreamPort;
    private final Supplier<Fault> plan;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    /** Proxies 127.0.0.1:{@code upstreamPort}; {@code plan} gives the fault of each new connection. */
    FaultProxy(int upstreamPort, Supplier<Fault> plan) {
        this.upstreamPort = upstreamPort;
        this.plan = plan;
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        acceptor = new Thread(this::acceptLoop, "fault-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String address() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket receiver = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
                sockets.add(client);
                sockets.add(receiver);
                Connection c = new Connection(client, receiver, plan.get());
                start(() -> c.pump(client, receiver, Direction.TO_RECEIVER), "fault-proxy-up");
                start(() -> c.pump(receiver, client, Direction.TO_CLIENT), "fault-proxy-down");
            } catch (IOException e) {
                // closed, or the receiver is down: the client sees its connection reset
            }
        }
    }

    private static void start(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
    }

    /** One proxied connection and its fault. */
    private static final class Connection {
        private final Socket client;
        private final Socket receiver;
        private final Fault fault;
        private volatile boolean closed;

        Connection(Socket client, Socket receiver, Fault fault) {
            this.client = client;
            this.receiver = receiver;
            this.fault = fault;
        }

        void pump(Socket from, Socket to, Direction d) {
            boolean faulty = fault.kind() != Kind.NONE && fault.direction() == d;
            byte[] buf = new byte[16 * 1024];
            long count = 0;
            try (InputStream in = from.getInputStream()) {
                OutputStream out = to.getOutputStream();
                int n;
                while ((n = in.read(buf)) > 0) {
                    if (faulty && fault.offset() >= count && fault.offset() < count + n) {
                        int at = (int) (fault.offset() - count);
                        switch (fault.kind()) {
                            case CUT -> {
                                out.write(buf, 0, at);
                                out.flush();
                                reset();
                                return;
                            }
                            case FLIP -> buf[at] ^= (byte) (1 << fault.bit());
                            case STALL -> {
                                out.write(buf, 0, at);
                                out.flush();
                                byte[] held = holdFor(from, in, fault.stall());
                                out.write(buf, at, n - at);
                                out.write(held);
                                count += n;
                                continue;
                            }
                            default -> throw new IllegalStateException();
                        }
                    }
                    out.write(buf, 0, n);
                    out.flush();
                    count += n;
                }
                to.shutdownOutput(); // pass the FIN on
            } catch (IOException e) {
                reset();
            }
        }

        /** Reads (and keeps) whatever arrives for {@code d}; closes both sides if the sender goes away meanwhile. */
        private byte[] holdFor(Socket from, InputStream in, Duration d) throws IOException {
            ByteArrayOutputStream held = new ByteArrayOutputStream();
            long end = System.nanoTime() + d.toNanos();
            byte[] buf = new byte[16 * 1024];
            while (!closed && System.nanoTime() < end) {
                from.setSoTimeout((int) Math.max(1, Math.min(100, (end - System.nanoTime()) / 1_000_000)));
                try {
                    int n = in.read(buf);
                    if (n < 0) {
                        throw new IOException("peer left during the stall");
                    }
                    held.write(buf, 0, n);
                } catch (java.net.SocketTimeoutException e) {
                    // nothing arrived in this slice of the stall
                }
            }
            from.setSoTimeout(0);
            if (closed) {
                throw new IOException("closed during the stall");
            }
            return held.toByteArray();
        }

        /** Abortive close of both sides: the peers see a reset, as when a cable is pulled mid-stream. */
        void reset() {
            closed = true;
            for (Socket s : List.of(client, receiver)) {
                try {
                    s.setSoLinger(true, 0);
                    s.close();
                } catch (IOException ignored) {
                    // already closed
                }
            }
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }
}
