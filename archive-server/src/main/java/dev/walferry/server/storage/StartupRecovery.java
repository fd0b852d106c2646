package dev.walferry.server.storage;

import dev.walferry.protocol.wal.SegmentIdentity;
import dev.walferry.protocol.wal.WalFileKind;
import dev.walferry.protocol.wal.WalFileName;
import dev.walferry.protocol.wal.WalPageHeader;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What {@link DirectoryStorage#open} repairs after a crash (docs/storage.md): temp files left in {@code incoming/}
 * are deleted; stored files without a checksum record (a crash between rename and checksum append, or files
 * copied in by another tool) are re-hashed and recorded; records of files no longer present (removed by
 * pg_archivecleanup) are dropped from the index. Files whose names are not WAL names are never touched.
 */
final class StartupRecovery {

    private static final Logger LOG = System.getLogger(StartupRecovery.class.getName());

    private StartupRecovery() {}

    /** Deletes everything in {@code incoming}, logging each file. */
    static void removeLeftovers(Path incoming) throws StorageException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(incoming)) {
            for (Path p : ds) {
                LOG.log(Level.WARNING, "deleting " + p + ", left over from an interrupted transfer");
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw StorageException.io("deleting leftover temp file", p, e);
                }
            }
        } catch (IOException e) {
            throw e instanceof StorageException s ? s : StorageException.io("listing", incoming, e);
        }
    }

    /** Builds the index of the files in DIR, recording those the log lacks. */
    static Map<WalFileName, StoredFile> reconcile(Path dir, ChecksumLog log, DurableFiles files)
            throws StorageException {
        Map<WalFileName, StoredFile> records = log.records();
        Map<WalFileName, StoredFile> index = new HashMap<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String fileName = p.getFileName().toString();
                if (!WalFileName.isValid(fileName) || !Files.isRegularFile(p)) {
                    continue;
                }
                WalFileName name = WalFileName.parse(fileName);
                StoredFile record = records.get(name);
                if (record == null) {
                    LOG.log(
                            Level.WARNING,
                            p + " has no checksum record (a crash between rename and checksum append,"
                                    + " or copied in by another tool); re-hashing and recording it");
                    record = adopt(p, name, log, files);
                } else if (Files.size(p) != record.size()) {
                    LOG.log(
                            Level.WARNING,
                            p + " is " + Files.size(p) + " bytes but its checksum record says " + record.size()
                                    + "; `walferry archive verify` will report it");
                }
                index.put(name, record);
            }
        } catch (IOException e) {
            throw e instanceof StorageException s ? s : StorageException.io("listing", dir, e);
        }
        long gone = records.keySet().stream().filter(n -> !index.containsKey(n)).count();
        if (gone > 0) {
            LOG.log(
                    Level.INFO,
                    gone + " checksum records of " + dir + " name files no longer there (removed by"
                            + " cleanup); they are left out of the index");
        }
        return index;
    }

    /**
     * Hashes a file already in DIR, fsyncs it (it may have been renamed in just before a crash) and appends
     * its record. The caller fsyncs the directory.
     */
    static StoredFile adopt(Path file, WalFileName name, ChecksumLog log, DurableFiles files) throws StorageException {
        StoredFile stored;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            byte[] sha = Sha256.of(ch);
            files.force(ch, file);
            stored = new StoredFile(
                    name, ch.size(), sha, Files.getLastModifiedTime(file).toMillis());
        } catch (IOException e) {
            throw e instanceof StorageException s ? s : StorageException.io("re-hashing", file, e);
        }
        log.append(stored);
        return stored;
    }

    /**
     * For an archive without a binding that already holds segments (filled by another tool): the identity in
     * the header of its latest segment, empty when there is none or it does not parse.
     */
    static Optional<SegmentIdentity> identityOfLatestSegment(Path dir, Map<WalFileName, StoredFile> index) {
        Optional<WalFileName> latest = index.keySet().stream()
                .filter(n -> n.kind() == WalFileKind.SEGMENT)
                .max(Comparator.naturalOrder());
        if (latest.isEmpty()) {
            return Optional.empty();
        }
        Path file = dir.resolve(latest.get().toString());
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(WalPageHeader.LENGTH);
            while (buf.hasRemaining() && ch.read(buf) != -1) {
                // fill
            }
            return Optional.of(
                    WalPageHeader.parse(buf.array(), 0, buf.position()).identity());
        } catch (IOException | IllegalArgumentException e) {
            LOG.log(Level.WARNING, "cannot derive the archive binding from " + file + ": " + e.getMessage());
            return Optional.empty();
        }
    }
}
