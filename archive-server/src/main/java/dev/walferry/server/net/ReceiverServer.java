package dev.walferry.server.net;

import dev.walferry.server.metrics.ReceiverMetrics;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.Closeable;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The receiver's network side: accepts mutual-TLS connections and serves the archives in {@link ArchiveAccess}.
 * Blocking storage work runs on a separate executor group, one thread per connection at a time, so a slow
 * fsync never stalls the event loop.
 */
public final class ReceiverServer implements Closeable {

    private static final System.Logger LOG = System.getLogger("walferry.receiver");

    private final EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventLoopGroup workers = new MultiThreadIoEventLoopGroup(0, NioIoHandler.newFactory());
    private final EventExecutorGroup storageExecutors;
    private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final Channel serverChannel;
    private final AdminRequests admin;
    private final AtomicReference<SslContext> ssl;
    private final AtomicReference<ArchiveAccess> access;

    private ReceiverServer(
            InetSocketAddress listen, SslContext ssl, ArchiveAccess access, int storageThreads, ReceiverMetrics metrics)
            throws InterruptedException {
        this.ssl = new AtomicReference<>(ssl);
        this.access = new AtomicReference<>(access);
        storageExecutors = new DefaultEventExecutorGroup(storageThreads);
        ArrivalWaiters waiters = new ArrivalWaiters();
        access.archives().values().forEach(waiters::watch);
        access.archives().values().forEach(metrics::archive);
        ReceiverStats stats = new ReceiverStats();
        metrics.connectedClients(stats::count);
        admin = new AdminRequests(stats);
        ReceiverInitializer init = new ReceiverInitializer(
                this.ssl::get,
                new Authorizer(this.access::get),
                waiters,
                storageExecutors,
                channels,
                admin,
                stats,
                metrics);
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 128)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(1 << 20, 4 << 20))
                .childHandler(init);
        try {
            serverChannel = b.bind(listen).sync().channel();
        } catch (RuntimeException | InterruptedException e) {
            shutdownGroups();
            throw e;
        }
    }

    /**
     * Binds and starts serving.
     *
     * @param storageThreads threads for blocking storage work; connections share them
     */
    public static ReceiverServer start(
            InetSocketAddress listen, SslContext ssl, ArchiveAccess access, int storageThreads)
            throws InterruptedException {
        return start(listen, ssl, access, storageThreads, ReceiverMetrics.NONE);
    }

    /** As {@link #start(InetSocketAddress, SslContext, ArchiveAccess, int)}, telling {@code metrics} what happens. */
    public static ReceiverServer start(
            InetSocketAddress listen, SslContext ssl, ArchiveAccess access, int storageThreads, ReceiverMetrics metrics)
            throws InterruptedException {
        return new ReceiverServer(listen, ssl, access, storageThreads, metrics);
    }

    /**
     * Swaps the TLS context and the access rules (SIGHUP). New connections get {@code newSsl}; connections already
     * open keep the context they were accepted with, so transfers in flight go on. Every request from now on is
     * checked against {@code newAccess}.
     *
     * @throws IllegalArgumentException when {@code newAccess} serves other archives: those need a restart
     */
    public void reload(SslContext newSsl, ArchiveAccess newAccess) {
        if (!newAccess.archives().equals(access.get().archives())) {
            throw new IllegalArgumentException("the set of archives cannot change on reload (restart the receiver): "
                    + "serving " + access.get().archives().keySet() + ", asked for "
                    + newAccess.archives().keySet());
        }
        ssl.set(newSsl);
        access.set(newAccess);
    }

    /** The access rules in force. */
    public ArchiveAccess access() {
        return access.get();
    }

    /** True while the server socket accepts connections. */
    public boolean isListening() {
        return serverChannel.isActive();
    }

    /** The bound address (the real port when asked to listen on port 0). */
    public InetSocketAddress address() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /** Blocks until the server channel closes. */
    public void awaitClose() throws InterruptedException {
        serverChannel.closeFuture().sync();
    }

    /** Stops accepting, closes connections (aborting transfers in flight; their temp files are deleted). */
    @Override
    public void close() {
        serverChannel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        channels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        shutdownGroups();
        LOG.log(System.Logger.Level.INFO, "receiver stopped");
    }

    private void shutdownGroups() {
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        storageExecutors.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly();
        admin.close();
    }
}
