package dev.walferry.cli.tls;

import dev.walferry.protocol.tls.PeerIdentity;
import dev.walferry.protocol.tls.TlsContexts;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One TLS handshake over loopback: a server with the given context on 127.0.0.1, an ephemeral port, and a
 * client that connects to it while verifying {@code serverName}. Waits for both sides' handshake futures
 * (SslHandler's own timeout bounds them), never sleeps, and closes every channel it opened.
 */
final class LoopbackHandshake {

    /** What each side saw: the identity the server read from the client certificate, or each side's failure. */
    record Outcome(String serverIdentity, Throwable serverFailure, Throwable clientFailure, String protocol) {}

    private static final long TIMEOUT_SECONDS = 20;

    private LoopbackHandshake() {}

    static Outcome run(EventLoopGroup group, SslContext server, SslContext client, String serverName) throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        CompletableFuture<String> serverSide = new CompletableFuture<>();
        CompletableFuture<String> clientSide = new CompletableFuture<>();
        Channel listener = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        SslHandler ssl = server.newHandler(ch.alloc());
                        ch.pipeline().addLast(ssl, new CloseOnError());
                        ssl.handshakeFuture().addListener(done -> {
                            if (done.isSuccess()) {
                                try {
                                    serverSide.complete(
                                            PeerIdentity.of(ssl.engine().getSession()));
                                } catch (Exception e) {
                                    serverSide.completeExceptionally(e);
                                }
                            } else {
                                serverSide.completeExceptionally(done.cause());
                            }
                        });
                    }
                })
                .bind(loopback, 0)
                .sync()
                .channel();
        Channel connection = null;
        try {
            int port = ((InetSocketAddress) listener.localAddress()).getPort();
            connection = new Bootstrap()
                    .group(group)
                    .channel(NioSocketChannel.class)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            SslHandler ssl = TlsContexts.clientHandler(client, ch.alloc(), serverName, port);
                            ch.pipeline().addLast(ssl, new CloseOnError());
                            ssl.handshakeFuture().addListener((Future<? super Channel> done) -> {
                                if (done.isSuccess()) {
                                    clientSide.complete(
                                            ssl.engine().getSession().getProtocol());
                                } else {
                                    clientSide.completeExceptionally(done.cause());
                                }
                            });
                        }
                    })
                    .connect(loopback, port)
                    .sync()
                    .channel();
            Throwable serverFailure = failureOf(serverSide);
            Throwable clientFailure = failureOf(clientSide);
            return new Outcome(
                    serverFailure == null ? serverSide.get() : null,
                    serverFailure,
                    clientFailure,
                    clientFailure == null ? clientSide.get() : null);
        } finally {
            if (connection != null) {
                connection.close().sync();
            }
            listener.close().sync();
        }
    }

    private static Throwable failureOf(CompletableFuture<?> future) throws Exception {
        try {
            future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    /** Swallows the handshake exception that SslHandler fires after failing its future, and closes. */
    private static final class CloseOnError extends ChannelInboundHandlerAdapter {
        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
