package dev.walferry.server.net;

import com.github.luben.zstd.Zstd;
import dev.walferry.protocol.codec.Limits;
import dev.walferry.protocol.message.Compression;
import dev.walferry.protocol.message.Data;
import dev.walferry.protocol.message.FileHeader;
import dev.walferry.protocol.message.Get;
import dev.walferry.protocol.message.Hello;
import dev.walferry.protocol.message.ListEntry;
import dev.walferry.protocol.message.ListRequest;
import dev.walferry.protocol.message.Message;
import dev.walferry.protocol.message.Put;
import dev.walferry.protocol.message.PutEnd;
import dev.walferry.protocol.message.Result;
import dev.walferry.protocol.message.Stat;
import dev.walferry.protocol.message.Status;
import dev.walferry.server.storage.Sha256;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generators of hostile client input for the receiver: single frames of every type with plausible and
 * implausible fields, whole transfers (valid and broken), and byte-level mutations of their encoding.
 */
final class FrameFuzz {

    /**
     * Names a fuzzed client uses: valid ones of every kind, and ones the A5 rules (docs/postgres-contract.md) refuse.
     */
    static final List<String> NAMES = List.of(
            "000000010000000000000001",
            "000000010000000000000002",
            "00000002.history",
            "00000003.history",
            "000000010000000000000001.00000028.backup",
            "000000010000000000000003.partial",
            "../00000002.history",
            "a/b",
            "..",
            "00000002.history\0",
            "0".repeat(65),
            "",
            "000000010000000000000001/");

    private FrameFuzz() {}

    static Arbitrary<String> names() {
        return Arbitraries.oneOf(Arbitraries.of(NAMES), Arbitraries.strings().ofMaxLength(70));
    }

    static Arbitrary<String> archives() {
        return Arbitraries.of("main", "other", "", "main\0");
    }

    static Arbitrary<Integer> streams() {
        return Arbitraries.integers().between(0, 4);
    }

    static Arbitrary<byte[]> bytes(int max) {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(max);
    }

    /** Any single message a client could put on the wire, including ones only a receiver may send. */
    static Arbitrary<Message> message() {
        Arbitrary<byte[]> sha =
                bytes(32).filter(b -> b.length == 32).injectNull(0).map(b -> b == null ? new byte[32] : b);
        return Arbitraries.oneOf(
                Arbitraries.integers().between(0, 3).map(v -> (Message) new Hello(v, "fuzz")),
                Combinators.combine(
                                streams(),
                                archives(),
                                names(),
                                Arbitraries.longs().between(-1, 3000),
                                Arbitraries.of(Compression.class))
                        .as((s, a, n, size, c) -> (Message) new Put(s, a, n, size, c)),
                Combinators.combine(streams(), Arbitraries.integers().between(-1, Limits.MAX_CHUNK + 1), bytes(600))
                        .as((s, raw, b) -> (Message) new Data(s, raw, b)),
                Combinators.combine(streams(), sha).as((s, h) -> (Message) new PutEnd(s, h)),
                Combinators.combine(
                                streams(),
                                archives(),
                                names(),
                                Arbitraries.longs().between(0, 1))
                        .as((s, a, n, w) -> (Message) new Get(s, a, n, w)),
                Combinators.combine(streams(), archives(), names()).as((s, a, n) -> (Message) new Stat(s, a, n)),
                Combinators.combine(streams(), archives(), names(), names())
                        .as((s, a, f, t) -> (Message) new ListRequest(s, a, f, t)),
                Combinators.combine(streams(), Arbitraries.of(Status.class))
                        .as((s, st) -> (Message) Result.of(s, st, "fuzz")),
                Combinators.combine(streams(), names(), sha)
                        .as((s, n, h) -> (Message) new FileHeader(s, n, 1, Compression.NONE, h)),
                Combinators.combine(streams(), names(), sha).as((s, n, h) -> (Message) new ListEntry(s, n, 1, h, 0)));
    }

    /**
     * A whole PUT: header, DATA chunks (raw or zstd), PUT_END with the content's SHA-256. Sometimes it lies: a
     * wrong size, a wrong checksum, or a chunk missing.
     */
    static Arbitrary<List<Message>> transfer() {
        return Combinators.combine(
                        Arbitraries.integers().between(1, 4),
                        Arbitraries.of(NAMES),
                        bytes(2000),
                        Arbitraries.of(Compression.class),
                        Arbitraries.integers().between(1, 700),
                        Arbitraries.of(Lie.class))
                .as((stream, name, content, compression, chunk, lie) -> {
                    List<Message> out = new ArrayList<>();
                    long size = lie == Lie.SIZE ? content.length + 1 : content.length;
                    out.add(new Put(stream, "main", name, size, compression));
                    for (int off = 0; off < content.length; off += chunk) {
                        byte[] raw = Arrays.copyOfRange(content, off, Math.min(content.length, off + chunk));
                        byte[] wire = compression == Compression.ZSTD ? Zstd.compress(raw) : raw;
                        if (lie != Lie.MISSING_CHUNK || off != 0) {
                            out.add(new Data(stream, raw.length, wire));
                        }
                    }
                    byte[] sha = Sha256.of(content);
                    if (lie == Lie.CHECKSUM) {
                        sha[0] ^= 1;
                    }
                    out.add(new PutEnd(stream, sha));
                    return out;
                });
    }

    enum Lie {
        NONE,
        SIZE,
        CHECKSUM,
        MISSING_CHUNK
    }

    /** A connection's worth of input: usually a HELLO first, then frames and transfers. */
    static Arbitrary<List<Message>> sequence() {
        Arbitrary<List<Message>> step = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, message().map(List::of)), net.jqwik.api.Tuple.of(2, transfer()));
        return Combinators.combine(
                        Arbitraries.integers().between(0, 9),
                        step.list().ofMinSize(1).ofMaxSize(6))
                .as((helloFirst, steps) -> {
                    List<Message> all = new ArrayList<>();
                    if (helloFirst > 0) {
                        all.add(Hello.current("fuzz"));
                    }
                    steps.forEach(all::addAll);
                    return all;
                });
    }

    /** Byte-level damage applied to an encoded sequence. */
    static Arbitrary<Mutation> mutation() {
        return Combinators.combine(
                        Arbitraries.of(Mutation.Kind.class),
                        Arbitraries.integers().between(0, Integer.MAX_VALUE),
                        Arbitraries.integers().between(0, 7),
                        bytes(16))
                .as(Mutation::new);
    }

    record Mutation(Kind kind, int where, int bit, byte[] junk) {
        enum Kind {
            NONE,
            NONE_AGAIN,
            FLIP_BIT,
            TRUNCATE,
            INSERT
        }

        byte[] apply(byte[] in) {
            if (in.length == 0) {
                return in;
            }
            int at = where % in.length;
            return switch (kind) {
                case NONE, NONE_AGAIN -> in;
                case FLIP_BIT -> {
                    byte[] out = in.clone();
                    out[at] ^= (byte) (1 << bit);
                    yield out;
                }
                case TRUNCATE -> Arrays.copyOf(in, at);
                case INSERT ->
                    HostileInputTest.concat(Arrays.copyOf(in, at), junk, Arrays.copyOfRange(in, at, in.length));
            };
        }
    }
}
