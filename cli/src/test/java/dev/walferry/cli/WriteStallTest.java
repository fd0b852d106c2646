package dev.walferry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.walferry.client.failure.ExitCode;
import dev.walferry.client.transport.ClientTlsContext;
import dev.walferry.client.transport.ReceiverConnection;
import dev.walferry.client.transport.TransportErrors;
import dev.walferry.protocol.ReceiverAddress;
import dev.walferry.protocol.frame.MessageEncoder;
import dev.walferry.protocol.message.Data;
import dev.walferry.protocol.message.Hello;
import dev.walferry.protocol.tls.TlsContexts;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A receiver that completes the handshake and then stops taking bytes (as a peer behind a firewall that silently
 * dropped the connection looks): the push fails as a timeout after --timeout instead of blocking in a write until
 * TCP gives up. SO_TIMEOUT alone only bounds reads.
 */
class WriteStallTest {

    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // without the deadline: blocked for good
    void receiverThatStopsReading_failsTheWriteAsATimeout_notAHang() throws Exception {
        Path tls = tmp.resolve("tls");
        ReceiverFixture.Result init = ReceiverFixture.walferry(
                "tls", "init", "--dir", tls.toString(), "--server-name", "127.0.0.1", "--client", "primary");
        assertEquals(0, init.code(), init.toString());
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            SslContext serverTls = TlsContexts.server(tls);
            Channel server = new ServerBootstrap()
                    .group(group)
                    .channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(serverTls.newHandler(ch.alloc()), new AnswerHelloThenStall());
                        }
                    })
                    .bind(InetAddress.getLoopbackAddress(), 0)
                    .sync()
                    .channel();
            int port = ((java.net.InetSocketAddress) server.localAddress()).getPort();
            ReceiverConnection c = ReceiverConnection.open(
                    new ReceiverAddress("127.0.0.1", port),
                    ClientTlsContext.load(tls, "primary"),
                    Duration.ofSeconds(10),
                    Duration.ofSeconds(3));
            byte[] chunk = new byte[256 * 1024];
            new java.util.Random(1).nextBytes(chunk);
            long t0 = System.nanoTime();
            // 64 MiB against socket buffers of a few MiB: only the write deadline can end this (no read is involved)
            SocketTimeoutException e = assertThrows(SocketTimeoutException.class, () -> {
                for (int i = 0; i < 256; i++) {
                    c.send(new Data(1, chunk.length, chunk));
                }
                c.flush();
            });
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
            c.close();
            assertTrue(e.getMessage().contains("the receiver took no data for 3000 ms"), e.getMessage());
            assertTrue(seconds < 30, "a stalled write ended after " + seconds + " s, not after about 3 s");
            assertEquals(
                    ExitCode.TIMEOUT,
                    TransportErrors.during(c.address(), "pushing X", e).exitCode(),
                    "reported as a timeout (exit 9)");
            server.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    /** Answers the client's HELLO (its first bytes), then stops reading the socket for good. */
    private static final class AnswerHelloThenStall extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
            ByteBuf frame = ctx.alloc().buffer();
            MessageEncoder.encodeFrame(Hello.current("stalling-test-receiver"), frame);
            ctx.writeAndFlush(frame);
            ctx.channel().config().setAutoRead(false);
        }
    }
}
