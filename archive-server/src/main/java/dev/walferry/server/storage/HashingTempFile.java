package dev.walferry.server.storage;

import dev.walferry.protocol.wal.WalFileName;
import dev.walferry.protocol.wal.WalPageHeader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;

/**
 * The receiving half shared by every storage: a temp file written while hashing, that refuses more than the
 * declared size and keeps the first {@value WalPageHeader#LENGTH} bytes for the WAL header check. Not thread-safe.
 */
public final class HashingTempFile {

    private final WalFileName name;
    private final long declaredSize;
    private final Path temp;
    private final FileChannel channel;
    private final List<MessageDigest> digests;
    private final byte[] header = new byte[WalPageHeader.LENGTH];
    private long written;

    /** @param digests updated with every byte written, in order (the first is the archive's SHA-256) */
    public HashingTempFile(WalFileName name, long declaredSize, Path temp, FileChannel channel,
                           List<MessageDigest> digests) {
        this.name = name;
        this.declaredSize = declaredSize;
        this.temp = temp;
        this.channel = channel;
        this.digests = List.copyOf(digests);
    }

    /**
     * Appends {@code src}.
     *
     * @throws StorageException BAD_REQUEST past the declared size; an I/O error (NO_SPACE when the disk is full)
     *                          naming the temp file
     */
    public void write(ByteBuffer src) throws StorageException {
        int len = src.remaining();
        if (len > declaredSize - written) {
            throw StorageException.badRequest("refusing more than the declared " + declaredSize + " bytes of " + name
                    + ": " + written + " written, " + len + " more offered");
        }
        if (written < header.length) {
            src.duplicate().get(header, (int) written, (int) Math.min(len, header.length - written));
        }
        for (MessageDigest d : digests) {
            d.update(src.duplicate());
        }
        try {
            while (src.hasRemaining()) {
                channel.write(src);
            }
        } catch (IOException e) {
            throw StorageException.io("write of", temp, e);
        }
        written += len;
    }

    public long written() {
        return written;
    }

    public long declaredSize() {
        return declaredSize;
    }

    /** The first bytes written (the WAL long page header of a segment). */
    public byte[] header() {
        return header;
    }

    public Path path() {
        return temp;
    }

    public FileChannel channel() {
        return channel;
    }

    /** Closes the channel, reporting a deferred write error (NFS) as a failure naming the file. */
    public void closeChannel() throws StorageException {
        try {
            channel.close();
        } catch (IOException e) {
            throw StorageException.io("close of", temp, e);
        }
    }

    /** Closes the channel quietly and deletes the temp file (a no-op once it was renamed away). */
    public void discard() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // the file is deleted next or already forced; nothing depends on close
        }
        DurableFiles.deleteQuietly(temp);
    }
}
