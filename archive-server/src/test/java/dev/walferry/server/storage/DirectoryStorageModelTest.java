package dev.walferry.server.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.walferry.protocol.message.Status;
import dev.walferry.protocol.wal.WalFileName;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link DirectoryStorage} against a map of name to content over random sequences of puts and reopens
 * (Caffeine-style model test). Names and contents come from small pools so that duplicates and conflicts
 * are frequent; history and backup files keep it fast (segments are covered by the example tests).
 */
class DirectoryStorageModelTest {

    sealed interface Op permits Put, Reopen {}

    record Put(WalFileName name, String content) implements Op {}

    record Reopen() implements Op {}

    @Property(tries = 60)
    void storageBehavesLikeAMapThatNeverOverwrites(@ForAll("ops") List<Op> ops) throws IOException {
        Path dir = Files.createTempDirectory("walferry-model");
        Map<WalFileName, String> model = new HashMap<>();
        DirectoryStorage storage = DirectoryStorage.open("model", dir, StorageOptions.defaults());
        try {
            for (Op op : ops) {
                if (op instanceof Put put) {
                    byte[] bytes = put.content().getBytes(StandardCharsets.US_ASCII);
                    String before = model.putIfAbsent(put.name(), put.content());
                    Status expected = before == null
                            ? Status.STORED
                            : before.equals(put.content()) ? Status.ALREADY_PRESENT : Status.CONFLICT;
                    assertEquals(
                            expected,
                            TestArchives.store(storage, put.name(), bytes).status(),
                            op.toString());
                } else {
                    storage.close();
                    storage = DirectoryStorage.open("model", dir, StorageOptions.defaults());
                }
                assertMatches(model, storage);
            }
        } finally {
            storage.close();
            deleteRecursively(dir);
        }
    }

    private static void assertMatches(Map<WalFileName, String> model, DirectoryStorage storage) throws IOException {
        List<WalFileName> expectedNames = model.keySet().stream().sorted().toList();
        assertEquals(
                expectedNames, storage.list().stream().map(StoredFile::name).toList());
        for (StoredFile f : storage.list()) {
            byte[] expected = model.get(f.name()).getBytes(StandardCharsets.US_ASCII);
            assertArrayEquals(Sha256.of(expected), f.sha256());
            try (InputStream in = storage.open(f)) {
                assertArrayEquals(expected, in.readAllBytes());
            }
        }
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<WalFileName> names = Arbitraries.of(
                WalFileName.parse("00000002.history"),
                WalFileName.parse("00000003.history"),
                WalFileName.parse("000000010000000000000002.00000028.backup"),
                WalFileName.parse("00000010.history"));
        Arbitrary<String> contents = Arbitraries.of("", "a\n", "b\n", "1\t0/3000000\tno recovery target\n");
        Arbitrary<Op> put = net.jqwik.api.Combinators.combine(names, contents).as(Put::new);
        Arbitrary<Op> reopen = Arbitraries.just(new Reopen());
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(6, put), net.jqwik.api.Tuple.of(1, reopen))
                .list()
                .ofMaxSize(25);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
