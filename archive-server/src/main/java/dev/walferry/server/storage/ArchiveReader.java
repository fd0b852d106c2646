package dev.walferry.server.storage;

import dev.walferry.protocol.wal.SegmentIdentity;
import dev.walferry.protocol.wal.WalFileName;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A read-only view of an archive directory ({@link ArchiveLayout}) for operator commands. Unlike
 * {@link DirectoryStorage#open} it takes no lock, creates nothing and repairs nothing, so it works beside a
 * running receiver. {@link #snapshot()} reads the binding, the checksum log and the directory listing once;
 * files stored or removed meanwhile may or may not be seen.
 */
public final class ArchiveReader implements ArchiveView {

    private final ArchiveLayout layout;

    private ArchiveReader(ArchiveLayout layout) {
        this.layout = layout;
    }

    /**
     * @throws StorageException when {@code dir} is not a directory holding walferry's {@code .walferry/} state
     */
    public static ArchiveReader of(Path dir) throws StorageException {
        ArchiveLayout layout = ArchiveLayout.of(dir);
        if (!Files.isDirectory(layout.dir())) {
            throw StorageException.failed("archive directory " + layout.dir() + " does not exist");
        }
        if (!Files.isDirectory(layout.meta())) {
            throw StorageException.failed(
                    layout.dir() + " is not a walferry archive (no " + ArchiveLayout.META + "/ directory)");
        }
        return new ArchiveReader(layout);
    }

    public Path directory() {
        return layout.dir();
    }

    @Override
    public String location() {
        return layout.dir().toString();
    }

    /** Reads binding, checksum records, the WAL files in DIR and the temp files in {@code incoming/}. */
    @Override
    public ArchiveSnapshot snapshot() throws StorageException {
        Optional<SegmentIdentity> binding = ArchiveBinding.read(layout.binding());
        Map<WalFileName, StoredFile> records = ChecksumLog.readOnly(layout.checksums());
        List<ArchivedFile> files = new ArrayList<>();
        for (Entry e : entries(layout.dir())) {
            if (WalFileName.isValid(e.name)) {
                WalFileName name = WalFileName.parse(e.name);
                files.add(new ArchivedFile(name, e.size, e.modifiedMillis, records.get(name)));
            }
        }
        files.sort(Comparator.comparing(ArchivedFile::name));
        List<TempFile> temps = new ArrayList<>();
        if (Files.isDirectory(layout.incoming())) {
            for (Entry e : entries(layout.incoming())) {
                temps.add(new TempFile(e.name, e.size, e.modifiedMillis));
            }
        }
        temps.sort(Comparator.comparing(TempFile::name));
        return new ArchiveSnapshot(layout.dir().toString(), binding, List.copyOf(files), List.copyOf(temps));
    }

    /** Opens a stored file for reading. */
    @Override
    public InputStream open(WalFileName name) throws IOException {
        return Files.newInputStream(path(name));
    }

    /** Where a file of that name lives in DIR. */
    public Path path(WalFileName name) {
        return layout.dir().resolve(name.toString());
    }

    /** Bytes free for an unprivileged user on DIR's file system. */
    @Override
    public long freeBytes() throws StorageException {
        try {
            return Files.getFileStore(layout.dir()).getUsableSpace();
        } catch (IOException e) {
            throw StorageException.io("reading free space of", layout.dir(), e);
        }
    }

    private record Entry(String name, long size, long modifiedMillis) {}

    /** Regular files of {@code dir}; entries removed while listing are skipped. */
    private static List<Entry> entries(Path dir) throws StorageException {
        List<Entry> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                try {
                    BasicFileAttributes a =
                            Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    if (a.isRegularFile()) {
                        out.add(new Entry(
                                p.getFileName().toString(),
                                a.size(),
                                a.lastModifiedTime().toMillis()));
                    }
                } catch (NoSuchFileException gone) {
                    // removed meanwhile (cleanup, or a temp file committed)
                }
            }
        } catch (IOException e) {
            throw e instanceof StorageException s ? s : StorageException.io("listing", dir, e);
        }
        return out;
    }
}
