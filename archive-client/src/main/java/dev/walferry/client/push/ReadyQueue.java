package dev.walferry.client.push;

import dev.walferry.protocol.wal.WalFileKind;
import dev.walferry.protocol.wal.WalFileName;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The files PostgreSQL has marked ready for archiving ({@code pg_wal/archive_status/NAME.ready}), read-only:
 * walferry never creates, renames or deletes PostgreSQL's status files. History files come first
 * (docs/postgres-contract.md A7), then WAL order.
 */
public final class ReadyQueue {

    private static final String SUFFIX = ".ready";
    private static final Comparator<WalFileName> HISTORY_FIRST = Comparator.comparing(
                    (WalFileName n) -> n.kind() != WalFileKind.HISTORY)
            .thenComparing(Comparator.naturalOrder());

    private ReadyQueue() {}

    /** Up to {@code limit} ready files of {@code pgWal} other than {@code except} (may be null); invalid names are skipped. */
    public static List<WalFileName> list(Path pgWal, WalFileName except, int limit) {
        List<WalFileName> ready = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(pgWal.resolve("archive_status"), "*" + SUFFIX)) {
            for (Path p : ds) {
                String f = p.getFileName().toString();
                String name = f.substring(0, f.length() - SUFFIX.length());
                if (WalFileName.isValid(name) && (except == null || !name.equals(except.toString()))) {
                    ready.add(WalFileName.parse(name));
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        ready.sort(HISTORY_FIRST);
        return ready.size() > limit ? ready.subList(0, limit) : ready;
    }
}
