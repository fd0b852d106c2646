package dev.walferry.server.storage;

import dev.walferry.protocol.wal.SegmentIdentity;
import java.util.List;
import java.util.Optional;

/**
 * What {@link ArchiveView#snapshot()} saw in an archive.
 *
 * @param location where the archive lives ({@link ArchiveView#location()})
 * @param binding the cluster it is bound to, empty before its first segment
 * @param files   the files under WAL names, in {@link dev.walferry.protocol.wal.WalFileName} order
 * @param temps   the files in {@code incoming/}, by name (none for an object store)
 */
public record ArchiveSnapshot(
        String location, Optional<SegmentIdentity> binding, List<ArchivedFile> files, List<TempFile> temps) {}
