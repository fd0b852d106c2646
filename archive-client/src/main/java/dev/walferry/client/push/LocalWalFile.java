package dev.walferry.client.push;

import dev.walferry.client.failure.ExitCode;
import dev.walferry.client.failure.WalferryException;
import dev.walferry.protocol.wal.WalFileKind;
import dev.walferry.protocol.wal.WalFileName;
import dev.walferry.protocol.wal.WalPageHeader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A file PostgreSQL asked to archive, checked before a byte goes out: the name is a valid archive name
 * (docs/postgres-contract.md A5) and a segment starts with a long page header that matches its name and size
 * (docs/postgres-contract.md A6).
 *
 * @param header the parsed header for segments and partial segments; empty for history and backup files
 */
public record LocalWalFile(Path path, WalFileName name, long size, Optional<WalPageHeader> header) {

    /** @throws WalferryException {@link ExitCode#BAD_FILE} or {@link ExitCode#LOCAL_IO}, naming the file */
    public static LocalWalFile check(Path path, String archiveName) {
        WalFileName name;
        try {
            name = WalFileName.parse(archiveName);
        } catch (IllegalArgumentException e) {
            throw new WalferryException(ExitCode.BAD_FILE, e.getMessage());
        }
        long size;
        byte[] head;
        try (InputStream in = Files.newInputStream(path)) {
            size = Files.size(path);
            head = in.readNBytes(WalPageHeader.LENGTH);
        } catch (NoSuchFileException e) {
            throw new WalferryException(ExitCode.LOCAL_IO, "cannot read " + path + ": no such file");
        } catch (IOException e) {
            throw new WalferryException(ExitCode.LOCAL_IO, "cannot read " + path + ": " + e.getMessage(), e);
        }
        if (name.kind() != WalFileKind.SEGMENT && name.kind() != WalFileKind.PARTIAL) {
            return new LocalWalFile(path, name, size, Optional.empty());
        }
        try {
            WalPageHeader h = WalPageHeader.parse(head, 0, head.length);
            if (name.kind() == WalFileKind.SEGMENT) {
                h.checkMatches(name, size);
            }
            return new LocalWalFile(path, name, size, Optional.of(h));
        } catch (IllegalArgumentException e) {
            throw new WalferryException(
                    ExitCode.BAD_FILE, path + " is not a valid WAL segment for " + name + ": " + e.getMessage());
        }
    }
}
