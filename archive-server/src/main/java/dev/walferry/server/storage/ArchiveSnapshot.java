package dev.walferry.server.storage;

import dev.walferry.protocol.wal.SegmentIdentity;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What {@link ArchiveReader#snapshot()} saw in an archive directory.
 *
 * @param dir     the archive directory
 * @param binding the cluster it is bound to, empty before its first segment
 * @param files   the files under WAL names, in {@link dev.walferry.protocol.wal.WalFileName} order
 * @param temps   the files in {@code incoming/}, by name
 */
public record ArchiveSnapshot(Path dir, Optional<SegmentIdentity> binding, List<ArchivedFile> files,
                              List<TempFile> temps) {
}
