package dev.walferry.server.inspect;

import dev.walferry.protocol.wal.SyntheticSegments;
import dev.walferry.protocol.wal.WalFileName;
import dev.walferry.server.storage.ArchiveStorage;
import dev.walferry.server.storage.DirectoryStorage;
import dev.walferry.server.storage.Incoming;
import dev.walferry.server.storage.Sha256;
import dev.walferry.server.storage.StorageOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

/**
 * A whole archive built through {@link DirectoryStorage} (so every file has its checksum record): timeline 1
 * segments 1..4 and 5.partial, {@code 00000002.history} (switch at 0/500028: segment 5 of 1 MiB), timeline 2
 * segments 5..7. Plus the damage the tests apply to it.
 */
public final class SampleArchive {

    public static final long SEG = SyntheticSegments.SEGMENT_SIZE;
    public static final String HISTORY_2 = "1\t0/500028\tno recovery target specified\n";

    private SampleArchive() {}

    public static WalFileName seg(long tli, long segno) {
        return SyntheticSegments.name(tli, segno);
    }

    /** Builds the sample archive in a new directory archive at {@code dir}. */
    public static Path build(Path dir) throws IOException {
        try (ArchiveStorage s = DirectoryStorage.open("main", dir, StorageOptions.defaults())) {
            fill(s);
        }
        return dir;
    }

    /** Stores the sample archive's files into {@code s} (of any backend). */
    public static void fill(ArchiveStorage s) throws IOException {
        for (long i = 1; i <= 4; i++) {
            store(s, seg(1, i), SyntheticSegments.segment(seg(1, i), i));
        }
        WalFileName partial = WalFileName.parse(seg(1, 5) + ".partial");
        store(s, partial, SyntheticSegments.segment(seg(1, 5), 50));
        store(s, SyntheticSegments.historyName(2), HISTORY_2.getBytes(StandardCharsets.US_ASCII));
        for (long i = 5; i <= 7; i++) {
            store(s, seg(2, i), SyntheticSegments.segment(seg(2, i), 100 + i));
        }
    }

    public static void store(ArchiveStorage s, WalFileName name, byte[] content) throws IOException {
        try (Incoming in = s.begin(name, content.length)) {
            in.write(content, 0, content.length);
            if (!in.commit(Sha256.of(content)).status().isStoredDurably()) {
                throw new IllegalStateException("not stored: " + name);
            }
        }
    }

    /** Flips one bit of byte {@code offset} of a stored file. */
    public static void flipByte(Path dir, WalFileName name, long offset) throws IOException {
        Path p = dir.resolve(name.toString());
        byte[] b = Files.readAllBytes(p);
        b[(int) offset] ^= 0x01;
        Files.write(p, b, StandardOpenOption.TRUNCATE_EXISTING);
    }

    /** A temp file in incoming/ last written {@code ageSeconds} ago. */
    public static Path temp(Path dir, String name, long ageSeconds) throws IOException {
        Path p = dir.resolve(".walferry/incoming/" + name);
        Files.write(p, new byte[123]);
        Files.setLastModifiedTime(p, FileTime.from(Instant.now().minusSeconds(ageSeconds)));
        return p;
    }
}
