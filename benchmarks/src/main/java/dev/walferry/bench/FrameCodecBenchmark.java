package dev.walferry.bench;

import dev.walferry.protocol.codec.Limits;
import dev.walferry.protocol.frame.MessageEncoder;
import dev.walferry.protocol.message.Data;
import dev.walferry.protocol.message.Message;
import dev.walferry.protocol.message.MessageDecoder;
import dev.walferry.protocol.message.PutEnd;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The frame codec: encoding and decoding a DATA frame (the bulk of every transfer) and a small control frame, against
 * a plain copy of the same bytes as the baseline. Reported as microseconds per frame.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FrameCodecBenchmark {

    @Param({"65536", "262144"})
    int chunk;

    private Data data;
    private ByteBuf out;
    private byte[] dataFrame;
    private byte[] smallFrame;
    private byte[] copy;

    @Setup
    public void setUp() {
        byte[] bytes = new byte[chunk];
        new java.util.Random(1).nextBytes(bytes);
        data = new Data(1, Math.min(chunk, Limits.MAX_CHUNK), bytes);
        out = Unpooled.buffer(Limits.MAX_FRAME_LENGTH + 4);
        dataFrame = frameBody(data);
        smallFrame = frameBody(new PutEnd(1, new byte[32]));
        copy = new byte[chunk + 16];
    }

    private static byte[] frameBody(Message m) {
        ByteBuf b = Unpooled.buffer();
        MessageEncoder.encodeFrame(m, b);
        b.skipBytes(4);
        byte[] body = new byte[b.readableBytes()];
        b.readBytes(body);
        return body;
    }

    @Benchmark
    public int baselineCopy() {
        System.arraycopy(data.bytes(), 0, copy, 0, chunk);
        return copy[chunk / 2];
    }

    @Benchmark
    public int encodeData() {
        out.clear();
        MessageEncoder.encodeFrame(data, out);
        return out.writerIndex();
    }

    @Benchmark
    public Message decodeData() {
        return MessageDecoder.decode(Unpooled.wrappedBuffer(dataFrame));
    }

    @Benchmark
    public Message decodeControlFrame() {
        return MessageDecoder.decode(Unpooled.wrappedBuffer(smallFrame));
    }
}
