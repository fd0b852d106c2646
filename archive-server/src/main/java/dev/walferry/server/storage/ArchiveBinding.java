package dev.walferry.server.storage;

import dev.walferry.protocol.message.Status;
import dev.walferry.protocol.wal.SegmentIdentity;
import dev.walferry.protocol.wal.WalFileName;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The cluster an archive belongs to, {@code DIR/.walferry/binding}, written durably with the archive's first
 * segment (docs/postgres-contract.md A6). Format: ASCII lines {@code key=value}; {@code #} starts a comment line;
 * unknown keys are ignored so that later versions may add some:
 * <pre>
 *   system_identifier=7310112233445566778   ; unsigned decimal, as pg_controldata prints it
 *   segment_size=16777216                   ; bytes
 *   page_magic=0xD110                       ; WAL page magic, names the major version
 *   postgres_version=15                     ; informational, derived from page_magic
 * </pre>
 */
public final class ArchiveBinding {

    private ArchiveBinding() {}

    /** The binding file's text for {@code id}; an object-store archive stores the same text. */
    public static String format(SegmentIdentity id) {
        return "# walferry archive binding: the cluster whose WAL this archive holds. Do not edit.\n"
                + "system_identifier=" + id.systemIdentifierText() + "\n"
                + "segment_size=" + id.segmentSize() + "\n"
                + String.format("page_magic=0x%04X", id.pageMagic()) + "\n"
                + "postgres_version=" + id.postgresVersion() + "\n";
    }

    /** @throws IllegalArgumentException when {@code text} is not a binding */
    public static SegmentIdentity parse(String text) {
        Map<String, String> values = new HashMap<>();
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("line \"" + line + "\" is not key=value");
            }
            values.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
        }
        String magic = required(values, "page_magic");
        if (!magic.startsWith("0x") && !magic.startsWith("0X")) {
            throw new IllegalArgumentException("page_magic \"" + magic + "\" is not 0x-prefixed hex");
        }
        return new SegmentIdentity(
                Long.parseUnsignedLong(required(values, "system_identifier")),
                Integer.parseInt(required(values, "segment_size")),
                Integer.parseInt(magic.substring(2), 16));
    }

    /** Reads the binding at {@code path}; empty when the file does not exist. */
    static Optional<SegmentIdentity> read(Path path) throws StorageException {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw StorageException.io("reading archive binding", path, e);
        }
        try {
            return Optional.of(parse(text));
        } catch (IllegalArgumentException e) {
            throw StorageException.failed("archive binding " + path + " is corrupt: " + e.getMessage());
        }
    }

    /** Writes the binding durably (temp in {@code tempDir}, fsync, rename, directory fsync). */
    static void write(Path path, SegmentIdentity id, DurableFiles files, Path tempDir) throws StorageException {
        files.writeAtomically(path, format(id).getBytes(StandardCharsets.US_ASCII), tempDir);
    }

    /**
     * Null when a segment of cluster {@code id} may be stored in archive {@code archive} bound to {@code bound};
     * else the WRONG_CLUSTER refusal (another system identifier, or another segment size).
     */
    public static CommitResult check(String archive, WalFileName fileName, SegmentIdentity bound, SegmentIdentity id) {
        if (admits(bound, id)) {
            return null;
        }
        if (bound.systemIdentifier() != id.systemIdentifier()) {
            return CommitResult.refused(
                    Status.WRONG_CLUSTER,
                    fileName + " belongs to database system "
                            + id.systemIdentifierText() + " but archive " + archive + " holds WAL of database system "
                            + bound.systemIdentifierText());
        }
        return CommitResult.refused(
                Status.WRONG_CLUSTER,
                fileName + " has WAL segment size " + id.segmentSize() + " but archive " + archive
                        + " holds segments of " + bound.segmentSize() + " bytes");
    }

    /** True when a segment of cluster {@code id} may be stored in an archive bound to {@code bound}. */
    public static boolean admits(SegmentIdentity bound, SegmentIdentity id) {
        return bound.systemIdentifier() == id.systemIdentifier() && bound.segmentSize() == id.segmentSize();
    }

    private static String required(Map<String, String> values, String key) {
        String v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException("missing " + key);
        }
        return v;
    }
}
