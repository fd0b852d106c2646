package dev.walferry.server.storage;

import java.nio.file.Path;

/**
 * Where an archive directory keeps what:
 * <pre>
 *   DIR/&lt;walfile&gt;              completed files under their PostgreSQL names, byte-identical to pg_wal's
 *   DIR/.walferry/incoming/     temp files of transfers in progress (same file system, so rename is atomic)
 *   DIR/.walferry/checksums     {@link ChecksumLog}
 *   DIR/.walferry/binding       {@link ArchiveBinding}
 *   DIR/.walferry/lock          {@link DirectoryLock}
 * </pre>
 * {@code .walferry} is not a WAL file name, so tools that work on DIR (cp, pg_archivecleanup) ignore it.
 */
record ArchiveLayout(Path dir) {

    static final String META = ".walferry";

    static ArchiveLayout of(Path dir) {
        return new ArchiveLayout(dir.toAbsolutePath().normalize());
    }

    Path meta() {
        return dir.resolve(META);
    }

    Path incoming() {
        return meta().resolve("incoming");
    }

    Path checksums() {
        return meta().resolve("checksums");
    }

    Path binding() {
        return meta().resolve("binding");
    }

    Path lockFile() {
        return meta().resolve("lock");
    }

    /** Creates DIR (if absent), {@code .walferry/} and {@code incoming/} as 0700 directories. */
    void create() throws StorageException {
        DurableFiles.createPrivateDirectories(dir);
        DurableFiles.createPrivateDirectories(incoming());
    }
}
