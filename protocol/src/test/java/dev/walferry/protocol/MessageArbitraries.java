package dev.walferry.protocol;

import dev.walferry.protocol.codec.Limits;
import dev.walferry.protocol.frame.MessageEncoder;
import dev.walferry.protocol.message.CleanupRequest;
import dev.walferry.protocol.message.Compression;
import dev.walferry.protocol.message.Data;
import dev.walferry.protocol.message.FileHeader;
import dev.walferry.protocol.message.Get;
import dev.walferry.protocol.message.Hello;
import dev.walferry.protocol.message.Item;
import dev.walferry.protocol.message.ListEntry;
import dev.walferry.protocol.message.ListRequest;
import dev.walferry.protocol.message.Message;
import dev.walferry.protocol.message.Put;
import dev.walferry.protocol.message.PutEnd;
import dev.walferry.protocol.message.Result;
import dev.walferry.protocol.message.ShowRequest;
import dev.walferry.protocol.message.Stat;
import dev.walferry.protocol.message.Status;
import dev.walferry.protocol.message.StatusRequest;
import dev.walferry.protocol.message.VerifyRequest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/** Shared generators for wire messages and hostile inputs (the one test-fixtures place for the protocol). */
public final class MessageArbitraries {

    private MessageArbitraries() {}

    /** Stream ids of non-HELLO messages: 1..2^31-1, edges included. */
    public static Arbitrary<Integer> streamIds() {
        return Arbitraries.integers().between(1, Integer.MAX_VALUE);
    }

    /**
     * String fields whose UTF-8 form fits {@link Limits#MAX_STRING_BYTES}: BMP text (no lone surrogates, which
     * UTF-8 cannot carry), plus the exact limit in 1-byte and 4-byte characters.
     */
    public static Arbitrary<String> strings() {
        Arbitrary<String> bmp =
                Arbitraries.strings().withCharRange('\u0000', '\uD7FF').ofMaxLength(300);
        Arbitrary<String> ascii = Arbitraries.strings().ascii().ofMaxLength(64);
        return Arbitraries.frequencyOf(
                Tuple.of(6, ascii),
                Tuple.of(3, bmp),
                Tuple.of(
                        1,
                        Arbitraries.of(
                                "",
                                "x".repeat(Limits.MAX_STRING_BYTES),
                                "\uD83D\uDE00".repeat(Limits.MAX_STRING_BYTES / 4))));
    }

    /** Raw file sizes: 0..{@link Limits#MAX_FILE_SIZE}. */
    public static Arbitrary<Long> sizes() {
        return Arbitraries.longs().between(0, Limits.MAX_FILE_SIZE);
    }

    public static Arbitrary<byte[]> sha256s() {
        return Arbitraries.bytes().array(byte[].class).ofSize(Limits.SHA256_BYTES);
    }

    public static Arbitrary<Hello> hellos() {
        return Combinators.combine(Arbitraries.integers().between(0, 0xFFFF), strings())
                .as(Hello::new);
    }

    public static Arbitrary<Put> puts() {
        return Combinators.combine(streamIds(), strings(), strings(), sizes(), Arbitraries.of(Compression.class))
                .as(Put::new);
    }

    /** DATA chunks: 1..{@link Limits#MAX_CHUNK} raw bytes declared, 1..4096 bytes carried (kept small for speed). */
    public static Arbitrary<Data> datas() {
        return Combinators.combine(
                        streamIds(),
                        Arbitraries.integers().between(1, Limits.MAX_CHUNK),
                        Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(4096))
                .as(Data::new);
    }

    public static Arbitrary<PutEnd> putEnds() {
        return Combinators.combine(streamIds(), sha256s()).as(PutEnd::new);
    }

    public static Arbitrary<Result> results() {
        return Combinators.combine(streamIds(), Arbitraries.of(Status.class), sizes(), sha256s(), strings())
                .as(Result::new);
    }

    public static Arbitrary<Get> gets() {
        return Combinators.combine(
                        streamIds(), strings(), strings(), Arbitraries.longs().between(0, Limits.MAX_WAIT_MILLIS))
                .as(Get::new);
    }

    public static Arbitrary<FileHeader> fileHeaders() {
        return Combinators.combine(streamIds(), strings(), sizes(), Arbitraries.of(Compression.class), sha256s())
                .as(FileHeader::new);
    }

    public static Arbitrary<Stat> stats() {
        return Combinators.combine(streamIds(), strings(), strings()).as(Stat::new);
    }

    public static Arbitrary<ListRequest> listRequests() {
        return Combinators.combine(streamIds(), strings(), strings(), strings()).as(ListRequest::new);
    }

    public static Arbitrary<ListEntry> listEntries() {
        return Combinators.combine(streamIds(), strings(), sizes(), sha256s(), Arbitraries.longs())
                .as(ListEntry::new);
    }

    public static Arbitrary<StatusRequest> statusRequests() {
        return Combinators.combine(streamIds(), strings()).as(StatusRequest::new);
    }

    public static Arbitrary<Item> items() {
        return Combinators.combine(streamIds(), strings(), strings()).as(Item::new);
    }

    public static Arbitrary<VerifyRequest> verifyRequests() {
        return Combinators.combine(
                        streamIds(), strings(), Arbitraries.integers().between(1, VerifyRequest.MAX_JOBS))
                .as(VerifyRequest::new);
    }

    public static Arbitrary<ShowRequest> showRequests() {
        return Combinators.combine(streamIds(), strings(), strings()).as(ShowRequest::new);
    }

    public static Arbitrary<CleanupRequest> cleanupRequests() {
        return Combinators.combine(
                        streamIds(),
                        strings(),
                        strings(),
                        Arbitraries.integers()
                                .between(0, CleanupRequest.KNOWN_FLAGS)
                                .filter(f -> (f & ~CleanupRequest.KNOWN_FLAGS) == 0))
                .as(CleanupRequest::new);
    }

    /** Any valid message, every type equally likely. */
    public static Arbitrary<Message> messages() {
        return Arbitraries.oneOf(List.of(
                hellos(),
                puts(),
                datas(),
                putEnds(),
                results(),
                gets(),
                fileHeaders(),
                stats(),
                listRequests(),
                listEntries(),
                statusRequests(),
                items(),
                verifyRequests(),
                showRequests(),
                cleanupRequests()));
    }

    public static Arbitrary<List<Message>> messageSequences() {
        return messages().list().ofMinSize(1).ofMaxSize(16);
    }

    /**
     * Chunk sizes for splitting a byte stream (used cyclically), biased towards tiny chunks so that
     * length prefixes and fields are cut everywhere.
     */
    public static Arbitrary<List<Integer>> splits() {
        Arbitrary<Integer> size = Arbitraries.frequencyOf(
                Tuple.of(5, Arbitraries.integers().between(1, 8)),
                Tuple.of(3, Arbitraries.integers().between(9, 200)),
                Tuple.of(1, Arbitraries.integers().between(201, 70_000)));
        return size.list().ofMinSize(1).ofMaxSize(32);
    }

    /**
     * Hostile wire input: random bytes; a valid length prefix with a random type byte and body; valid frames
     * with bytes overwritten, dropped or appended; and valid frames followed by garbage.
     */
    public static Arbitrary<byte[]> hostileInputs() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        Arbitrary<byte[]> lengthPrefixed = Combinators.combine(
                        Arbitraries.integers().between(0, 12),
                        Arbitraries.integers().between(-2, 3),
                        Arbitraries.bytes().array(byte[].class).ofMaxSize(200))
                .as((type, stream, body) -> {
                    ByteBuf b = Unpooled.buffer();
                    b.writeInt(5 + body.length).writeByte(type).writeInt(stream).writeBytes(body);
                    return bytesOf(b);
                });
        Arbitrary<byte[]> mutated = Combinators.combine(
                        messageSequences(),
                        Arbitraries.integers()
                                .between(0, Integer.MAX_VALUE)
                                .list()
                                .ofMinSize(1)
                                .ofMaxSize(8),
                        Arbitraries.bytes().list().ofMinSize(8).ofMaxSize(8),
                        Arbitraries.integers().between(0, 2))
                .as((messages, positions, values, mode) -> mutate(encode(messages), positions, values, mode));
        Arbitrary<byte[]> validThenGarbage = Combinators.combine(messageSequences(), random)
                .as((messages, garbage) -> concat(encode(messages), garbage));
        return Arbitraries.oneOf(List.of(random, lengthPrefixed, mutated, validThenGarbage));
    }

    /** Encodes messages back to back as the wire carries them. */
    public static byte[] encode(List<? extends Message> messages) {
        ByteBuf b = Unpooled.buffer();
        for (Message m : messages) {
            MessageEncoder.encodeFrame(m, b);
        }
        return bytesOf(b);
    }

    private static byte[] mutate(byte[] wire, List<Integer> positions, List<Byte> values, int mode) {
        byte[] out = wire.clone();
        switch (mode) {
            case 0 -> {
                for (int i = 0; i < positions.size(); i++) {
                    out[positions.get(i) % out.length] = values.get(i);
                }
            }
            case 1 -> out = Arrays.copyOf(out, positions.get(0) % out.length);
            default -> {
                byte[] extra = new byte[values.size()];
                for (int i = 0; i < extra.length; i++) {
                    extra[i] = values.get(i);
                }
                out = concat(out, extra);
            }
        }
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] bytesOf(ByteBuf b) {
        try {
            return ByteBufUtil.getBytes(b);
        } finally {
            b.release();
        }
    }
}
