package dev.walferry.it.fault;

import dev.walferry.protocol.wal.WalFileName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What an archive directory shows to PostgreSQL and to tools reading it, judged against the content the test
 * pushed: each visible file either is exactly the content pushed under its name, or it is counted as corrupt
 * (wrong bytes) or partial (wrong size, or a name that is not a finished WAL file).
 */
final class ArchiveAudit {

    /**
     * @param present  WAL files visible in DIR with the expected content
     * @param corrupt  visible files with the right size but other bytes, or content no test pushed
     * @param partial  visible entries with a wrong size, or names that are not WAL file names (temp files)
     */
    record Scan(List<String> present, List<String> corrupt, List<String> partial) {
        int lost(java.util.Collection<String> acknowledged) {
            return (int) acknowledged.stream().filter(n -> !present.contains(n)).count();
        }
    }

    private ArchiveAudit() {}

    /** Scans {@code dir}; {@code expected} maps names to the SHA-256 (hex) of the content pushed under them. */
    static Scan scan(Path dir, Map<String, String> expected) {
        List<String> present = new ArrayList<>();
        List<String> corrupt = new ArrayList<>();
        List<String> partial = new ArrayList<>();
        for (Path p : list(dir)) {
            String name = p.getFileName().toString();
            if (name.equals(".walferry")) {
                continue;
            }
            if (!WalFileName.isValid(name) || !Files.isRegularFile(p)) {
                partial.add(name);
                continue;
            }
            byte[] bytes = read(p);
            String want = expected.get(name);
            if (want != null && want.equals(Segments.sha256(bytes))) {
                present.add(name);
            } else if (want != null && bytes.length != Segments.SIZE && name.length() == 24) {
                partial.add(name);
            } else {
                corrupt.add(name);
            }
        }
        return new Scan(present, corrupt, partial);
    }

    /** Temp files of transfers in progress ({@code .walferry/incoming/}). */
    static List<String> incoming(Path dir) {
        return list(dir.resolve(".walferry/incoming")).stream()
                .map(p -> p.getFileName().toString())
                .toList();
    }

    /** The checksum log's records, last line per name winning: name to SHA-256 hex. */
    static Map<String, String> checksumRecords(Path dir) {
        Map<String, String> records = new HashMap<>();
        Path log = dir.resolve(".walferry/checksums");
        if (!Files.exists(log)) {
            return records;
        }
        String text = new String(read(log), StandardCharsets.US_ASCII);
        for (String line : text.split("\n")) {
            String[] f = line.split(" ");
            if (f.length == 4) {
                records.put(f[3], f[0]);
            }
        }
        return records;
    }

    /** Names of visible WAL files whose checksum record is missing or names other content. */
    static List<String> unrecorded(Path dir) {
        Map<String, String> records = checksumRecords(dir);
        List<String> bad = new ArrayList<>();
        for (Path p : list(dir)) {
            String name = p.getFileName().toString();
            if (WalFileName.isValid(name) && !Segments.sha256(read(p)).equals(records.get(name))) {
                bad.add(name);
            }
        }
        return bad;
    }

    private static List<Path> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (java.nio.file.NoSuchFileException e) {
            return new byte[0];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
