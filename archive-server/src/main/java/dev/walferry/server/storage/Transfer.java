package dev.walferry.server.storage;

import dev.walferry.protocol.wal.WalFileName;
import dev.walferry.protocol.wal.WalPageHeader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * One transfer into an archive, whatever its store: one temp file, written while hashing it once (SHA-256, and MD5
 * when the store uploads it), refusing more than the declared size and keeping the first
 * {@value WalPageHeader#LENGTH} bytes for the WAL header check. For a store that keeps the file, its data is
 * written back early ({@link EarlyWriteBack}) and fsynced before the put. {@link #commit} hands it to the
 * {@link CommitPipeline}; the temp file is deleted in every case (a no-op once it was renamed into place). Not
 * thread-safe.
 */
final class Transfer implements Incoming {

    private final CommitPipeline pipeline;
    private final WalFileName name;
    private final long declaredSize;
    private final Path temp;
    private final FileChannel channel;
    private final DurableFiles durable;
    private final EarlyWriteBack writeBack;
    private final MessageDigest sha256 = Sha256.newDigest();
    private final MessageDigest md5;
    private final byte[] header = new byte[WalPageHeader.LENGTH];
    private long written;
    private boolean finished;

    /** @param durable null for a temp file that is uploaded, not kept: it is then neither written back nor fsynced */
    Transfer(
            CommitPipeline pipeline,
            WalFileName name,
            long declaredSize,
            Path temp,
            FileChannel channel,
            DurableFiles durable,
            boolean withMd5) {
        this.pipeline = pipeline;
        this.name = name;
        this.declaredSize = declaredSize;
        this.temp = temp;
        this.channel = channel;
        this.durable = durable;
        this.writeBack = durable == null ? null : durable.writeBack(channel, temp, declaredSize);
        this.md5 = withMd5 ? newMd5() : null;
    }

    /**
     * {@inheritDoc}
     *
     * @throws StorageException BAD_REQUEST past the declared size; an I/O error (NO_SPACE when the disk is full)
     *                          naming the temp file
     */
    @Override
    public void write(ByteBuffer src) throws IOException {
        checkNotFinished();
        try {
            append(src);
            if (writeBack != null) {
                writeBack.written(written);
            }
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    private void append(ByteBuffer src) throws StorageException {
        int len = src.remaining();
        if (len > declaredSize - written) {
            throw StorageException.badRequest("refusing more than the declared " + declaredSize + " bytes of " + name
                    + ": " + written + " written, " + len + " more offered");
        }
        if (written < header.length) {
            src.duplicate().get(header, (int) written, (int) Math.min(len, header.length - written));
        }
        sha256.update(src.duplicate());
        if (md5 != null) {
            md5.update(src.duplicate());
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

    @Override
    public long written() {
        return written;
    }

    @Override
    public CommitResult commit(byte[] claimedSha256) throws IOException {
        checkNotFinished();
        finished = true;
        try {
            return pipeline.commit(this, claimedSha256);
        } finally {
            discard();
        }
    }

    /** Aborts the transfer unless it was committed. */
    @Override
    public void close() {
        if (!finished) {
            finished = true;
            discard();
        }
    }

    WalFileName name() {
        return name;
    }

    long declaredSize() {
        return declaredSize;
    }

    /** The first bytes written (the WAL long page header of a segment). */
    byte[] header() {
        return header;
    }

    Path path() {
        return temp;
    }

    /** The content's MD5, or null when the store did not ask for it. Call after {@link #complete()}. */
    byte[] md5() {
        return md5 == null ? null : md5.digest();
    }

    /**
     * Makes the temp file complete on disk: checks every early write-back and fsyncs (a store that keeps the file),
     * then closes it, reporting a deferred write error (NFS) as a failure naming the file.
     *
     * @return the content's SHA-256
     */
    byte[] complete() throws StorageException {
        if (durable != null) {
            durable.finishWriteBack(writeBack, temp);
            durable.force(channel, temp);
        }
        try {
            channel.close();
        } catch (IOException e) {
            throw StorageException.io("close of", temp, e);
        }
        return sha256.digest();
    }

    private void discard() {
        if (writeBack != null) {
            writeBack.abandon();
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // the file is deleted next or already forced; nothing depends on close
        }
        DurableFiles.deleteQuietly(temp);
    }

    private void checkNotFinished() {
        if (finished) {
            throw new IllegalStateException("transfer of " + name + " is already committed or aborted");
        }
    }

    private static MessageDigest newMd5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks MD5", e);
        }
    }
}
