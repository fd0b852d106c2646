package dev.walferry.server.storage;

import dev.walferry.protocol.wal.WalFileName;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * The append-only record of every stored file's SHA-256, {@code DIR/.walferry/checksums}. Grammar (ASCII):
 * <pre>
 *   log    = *line
 *   line   = sha256 SP size SP stored-at SP name LF
 *   sha256 = 64 lower-case hex digits
 *   size   = decimal bytes
 *   stored-at = decimal milliseconds since the epoch
 *   name   = a {@link WalFileName}
 * </pre>
 * Each line is appended and fsynced after its file is durably in place. A crash mid-append leaves a last
 * line without LF: it is ignored and truncated away at open. A complete line that does not parse is logged
 * and skipped (its file, if present, is then re-hashed by startup recovery). For a name recorded twice (stored
 * again after an external cleanup removed it) the last line wins.
 */
final class ChecksumLog implements Closeable {

    private static final Logger LOG = System.getLogger(ChecksumLog.class.getName());
    private static final HexFormat HEX = HexFormat.of();

    private final Path path;
    private final FileChannel channel;
    private final DurableFiles files;
    private final Map<WalFileName, StoredFile> records;
    private long end;
    private boolean broken;

    private ChecksumLog(
            Path path, FileChannel channel, DurableFiles files, Map<WalFileName, StoredFile> records, long end) {
        this.path = path;
        this.channel = channel;
        this.files = files;
        this.records = records;
        this.end = end;
    }

    /** Opens (creating if absent) the log at {@code path}, loads it and cuts off a torn last line. */
    static ChecksumLog open(Path path, DurableFiles files) throws StorageException {
        FileChannel ch = DurableFiles.openPrivate(path);
        try {
            Map<WalFileName, StoredFile> records = new HashMap<>();
            long complete = load(path, ch, records);
            long size = ch.size();
            if (complete < size) {
                LOG.log(
                        Level.WARNING,
                        "ignoring a torn last line of " + (size - complete) + " bytes in " + path
                                + " (crash while appending); truncating it");
                ch.truncate(complete);
                files.force(ch, path);
            }
            return new ChecksumLog(path, ch, files, records, complete);
        } catch (IOException e) {
            closeQuietly(ch);
            throw e instanceof StorageException s ? s : StorageException.io("reading checksum log", path, e);
        } catch (RuntimeException e) {
            closeQuietly(ch);
            throw e;
        }
    }

    /**
     * Reads the log at {@code path} without opening it for writing and without repairing it (for operator
     * commands while a receiver may hold the archive): complete lines only, last line per name winning;
     * empty when the file does not exist.
     */
    static Map<WalFileName, StoredFile> readOnly(Path path) throws StorageException {
        Map<WalFileName, StoredFile> records = new HashMap<>();
        try (InputStream in = Files.newInputStream(path)) {
            load(path, in, records);
        } catch (NoSuchFileException e) {
            return Map.of();
        } catch (IOException e) {
            throw StorageException.io("reading checksum log", path, e);
        }
        return records;
    }

    /** Records loaded at open, last line per name winning. */
    Map<WalFileName, StoredFile> records() {
        return Map.copyOf(records);
    }

    /** Appends and fsyncs one record; on failure the log is cut back to where it was. */
    synchronized void append(StoredFile file) throws StorageException {
        if (broken) {
            throw StorageException.failed("checksum log " + path
                    + " could not be repaired after an earlier failed append; restart the receiver");
        }
        ByteBuffer line = ByteBuffer.wrap(format(file).getBytes(StandardCharsets.US_ASCII));
        try {
            long pos = end;
            while (line.hasRemaining()) {
                pos += channel.write(line, pos);
            }
            files.force(channel, path);
            end = pos;
        } catch (IOException e) {
            cutBack();
            throw e instanceof StorageException s ? s : StorageException.io("append to checksum log", path, e);
        }
    }

    static String format(StoredFile f) {
        return f.sha256Hex() + " " + f.size() + " " + f.storedAtMillis() + " " + f.name() + "\n";
    }

    /** Parses one line without its LF. */
    static StoredFile parse(String line) {
        String[] parts = line.split(" ", -1);
        if (parts.length != 4 || parts[0].length() != 64) {
            throw new IllegalArgumentException("expected \"<sha256> <size> <storedAtMillis> <name>\"");
        }
        return new StoredFile(
                WalFileName.parse(parts[3]),
                Long.parseLong(parts[1]),
                HEX.parseHex(parts[0]),
                Long.parseLong(parts[2]));
    }

    private void cutBack() {
        try {
            channel.truncate(end);
        } catch (IOException e) {
            broken = true;
            LOG.log(
                    Level.ERROR,
                    "could not cut " + path + " back to " + end + " bytes after a failed append: " + e.getMessage());
        }
    }

    /** Reads complete lines into {@code out}; returns the offset just after the last LF. */
    private static long load(Path path, FileChannel ch, Map<WalFileName, StoredFile> out) throws IOException {
        ch.position(0);
        return load(path, Channels.newInputStream(ch), out);
    }

    private static long load(Path path, InputStream raw, Map<WalFileName, StoredFile> out) throws IOException {
        InputStream in = new BufferedInputStream(raw);
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        long offset = 0;
        long complete = 0;
        int lineNo = 0;
        int b;
        while ((b = in.read()) != -1) {
            offset++;
            if (b != '\n') {
                line.write(b);
                continue;
            }
            lineNo++;
            complete = offset;
            String text = line.toString(StandardCharsets.US_ASCII);
            line.reset();
            try {
                StoredFile f = parse(text);
                out.put(f.name(), f);
            } catch (IllegalArgumentException e) {
                LOG.log(
                        Level.WARNING,
                        path + " line " + lineNo + " is not a checksum record, skipped: " + e.getMessage());
            }
        }
        return complete;
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // already failing
        }
    }
}
