package dev.walferry.server.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.walferry.protocol.message.Message;
import dev.walferry.protocol.message.Result;
import dev.walferry.protocol.message.Status;
import dev.walferry.protocol.wal.WalFileName;
import dev.walferry.server.storage.DirectoryStorage;
import dev.walferry.server.storage.Sha256;
import dev.walferry.server.storage.StorageOptions;
import dev.walferry.server.storage.StoredFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * "Arbitrary input only ever raises a protocol error" for the receiver's decoder and connection handler, driven by
 * generated frames, frame sequences (with whole valid and lying transfers) and byte-level damage, fed in random
 * fragments. After each connection: no unexpected error was logged, every answer is a well-formed frame, a
 * connection the receiver closed was closed for a protocol error, no temp file is left, and every file in the
 * archive directory is exactly the content its checksum record names. The quick properties run in the default
 * build; the {@code slow} ones drive over 10^5 sequences (docs/fault-suite.md).
 */
class HandlerFuzzProperties {

    private static final java.util.Set<Status> COMMIT_OUTCOMES =
            java.util.EnumSet.of(Status.STORED, Status.ALREADY_PRESENT, Status.CONFLICT, Status.CHECKSUM_MISMATCH);

    private static Path root;
    private static DirectoryStorage storage;

    @BeforeContainer
    static void open() throws IOException {
        Path shm = Path.of("/dev/shm");
        root = Files.isDirectory(shm) && Files.isWritable(shm)
                ? Files.createTempDirectory(shm, "walferry-fuzz-")
                : Files.createTempDirectory("walferry-fuzz-");
        storage = DirectoryStorage.open("main", root.resolve("archive"), StorageOptions.defaults());
    }

    @AfterContainer
    static void close() throws IOException {
        storage.close();
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Property(tries = 300)
    void frameSequences_onlyEverProtocolErrors(
            @ForAll("sequences") List<Message> frames,
            @ForAll("mutations") FrameFuzz.Mutation damage,
            @ForAll("fragments") List<Integer> cuts) {
        check(damage.apply(HandlerHarness.frames(frames.toArray(Message[]::new))), cuts);
    }

    @Property(tries = 200)
    void arbitraryBytes_onlyEverProtocolErrors(
            @ForAll("helloFirst") boolean helloFirst,
            @ForAll("junk") byte[] bytes,
            @ForAll("fragments") List<Integer> cuts) {
        check(helloFirst ? HostileInputTest.concat(HandlerHarness.hello(), bytes) : bytes, cuts);
    }

    @Tag("slow")
    @Property(tries = 100_000)
    void frameSequences_onlyEverProtocolErrors_long(
            @ForAll("sequences") List<Message> frames,
            @ForAll("mutations") FrameFuzz.Mutation damage,
            @ForAll("fragments") List<Integer> cuts) {
        frameSequences_onlyEverProtocolErrors(frames, damage, cuts);
    }

    @Tag("slow")
    @Property(tries = 20_000)
    void arbitraryBytes_onlyEverProtocolErrors_long(
            @ForAll("helloFirst") boolean helloFirst,
            @ForAll("junk") byte[] bytes,
            @ForAll("fragments") List<Integer> cuts) {
        arbitraryBytes_onlyEverProtocolErrors(helloFirst, bytes, cuts);
    }

    @Provide
    Arbitrary<List<Message>> sequences() {
        return FrameFuzz.sequence();
    }

    @Provide
    Arbitrary<FrameFuzz.Mutation> mutations() {
        return FrameFuzz.mutation();
    }

    @Provide
    Arbitrary<List<Integer>> fragments() {
        return Arbitraries.integers().between(1, 4096).list().ofMaxSize(8);
    }

    @Provide
    Arbitrary<Boolean> helloFirst() {
        return Arbitraries.of(true, false);
    }

    @Provide
    Arbitrary<byte[]> junk() {
        return FrameFuzz.bytes(3000);
    }

    private static void check(byte[] input, List<Integer> cuts) {
        HandlerHarness rx = new HandlerHarness(storage);
        try {
            int off = 0;
            for (int i = 0; off < input.length; i++) {
                int n = i < cuts.size() ? Math.min(cuts.get(i), input.length - off) : input.length - off;
                rx.feed(Arrays.copyOfRange(input, off, off + n));
                off += n;
            }
            List<Message> answers = rx.answers(); // every answer decodes as a well-formed frame
            Statistics.label("connection").collect(rx.closed() ? "closed by the receiver" : "left open");
            Statistics.label("transfers")
                    .collect(
                            answers.stream()
                                            .anyMatch(
                                                    m -> m instanceof Result r && COMMIT_OUTCOMES.contains(r.status()))
                                    ? "a transfer reached commit"
                                    : "no commit");
            assertEquals(List.of(), rx.errors(), "unexpected errors");
            if (rx.closed()) {
                assertTrue(
                        rx.logLines().stream().anyMatch(l -> l.startsWith("protocol error")),
                        "closed without a protocol error: " + rx.logLines());
            }
        } finally {
            rx.close();
        }
        assertEquals(List.of(), list(storage.directory().resolve(".walferry/incoming")), "temp files left");
        assertArchiveMatchesItsRecords();
    }

    private static void assertArchiveMatchesItsRecords() {
        for (String name : list(storage.directory())) {
            if (name.startsWith(".")) {
                continue;
            }
            StoredFile record = storage.store()
                    .lookup(WalFileName.parse(name))
                    .orElseThrow(() -> new AssertionError(name + " is in the archive without a record"));
            try {
                assertArrayEquals(
                        record.sha256(),
                        Sha256.of(Files.readAllBytes(storage.directory().resolve(name))),
                        name);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static List<String> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
