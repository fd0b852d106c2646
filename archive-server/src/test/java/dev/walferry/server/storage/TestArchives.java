package dev.walferry.server.storage;

import dev.walferry.protocol.wal.WalFileName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Helpers to drive and inspect an archive in tests. */
public final class TestArchives {

    private TestArchives() {}

    /** One whole transfer, in chunks, declaring the content's true size and SHA-256. */
    public static CommitResult store(ArchiveStorage storage, WalFileName name, byte[] content) throws IOException {
        return store(storage, name, content, Sha256.of(content));
    }

    public static CommitResult store(ArchiveStorage storage, WalFileName name, byte[] content, byte[] claimedSha)
            throws IOException {
        try (Incoming in = storage.begin(name, content.length)) {
            int chunk = 64 * 1024 + 7;
            for (int off = 0; off < content.length; off += chunk) {
                in.write(content, off, Math.min(chunk, content.length - off));
            }
            return in.commit(claimedSha);
        }
    }

    /** Names of the entries of {@code dir}, sorted. */
    public static List<String> listing(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<String> incoming(Path dir) {
        return listing(ArchiveLayout.of(dir).incoming());
    }

    public static byte[] checksumLog(Path dir) {
        try {
            return Files.readAllBytes(ArchiveLayout.of(dir).checksums());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String checksumLogText(Path dir) {
        return new String(checksumLog(dir), java.nio.charset.StandardCharsets.US_ASCII);
    }
}
