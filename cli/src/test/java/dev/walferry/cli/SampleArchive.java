package dev.walferry.cli;

import dev.walferry.protocol.wal.WalFileName;
import dev.walferry.server.storage.ArchiveStorage;
import dev.walferry.server.storage.Incoming;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Instant;

/**
 * Fills an archive through its storage (so checksum records exist): timeline 1 segments 1..4 and 5.partial,
 * {@code 00000002.history} branching at 0/500028 (segment 5 of 1 MiB), timeline 2 segments 5..7; and damages it.
 */
final class SampleArchive {

    static final long SYSID = 7_312_345_678_901_234_567L;
    static final String HISTORY_2 = "1\t0/500028\tno recovery target specified\n";

    private SampleArchive() {
    }

    static void fill(ArchiveStorage s) throws Exception {
        for (long i = 1; i <= 4; i++) {
            store(s, SyntheticWal.name(1, i), SyntheticWal.segment(1, i, SYSID, i));
        }
        store(s, SyntheticWal.name(1, 5) + ".partial", SyntheticWal.segment(1, 5, SYSID, 50));
        store(s, "00000002.history", HISTORY_2.getBytes(StandardCharsets.US_ASCII));
        for (long i = 5; i <= 7; i++) {
            store(s, SyntheticWal.name(2, i), SyntheticWal.segment(2, i, SYSID, 100 + i));
        }
    }

    static void store(ArchiveStorage s, String name, byte[] content) throws Exception {
        try (Incoming in = s.begin(WalFileName.parse(name), content.length)) {
            in.write(content, 0, content.length);
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(content);
            if (!in.commit(sha).status().isStoredDurably()) {
                throw new IllegalStateException("not stored: " + name);
            }
        }
    }

    static void flipByte(Path dir, String name, int offset) throws IOException {
        Path p = dir.resolve(name);
        byte[] b = Files.readAllBytes(p);
        b[offset] ^= 0x01;
        Files.write(p, b, StandardOpenOption.TRUNCATE_EXISTING);
    }

    static void leftoverTemp(Path dir, String name) throws IOException {
        Path p = dir.resolve(".walferry/incoming/" + name);
        Files.write(p, new byte[123]);
        Files.setLastModifiedTime(p, FileTime.from(Instant.now().minusSeconds(3600)));
    }

    /** JSON with the values that depend on the clock and the disk replaced by fixed ones. */
    static String stable(String json) {
        return json.replaceAll("\"stored_at\":\"[^\"]*\"", "\"stored_at\":\"T\"")
                .replaceAll("\"age_seconds\":\\d+", "\"age_seconds\":0")
                .replaceAll("\"free_bytes\":\\d+", "\"free_bytes\":0")
                .replaceAll("\"uptime_seconds\":\\d+", "\"uptime_seconds\":0")
                .replaceAll("\"sha256\":\"[0-9a-f]{64}\"", "\"sha256\":\"H\"");
    }
}
