package dev.walferry.server.storage;

import dev.walferry.protocol.wal.WalFileName;
import dev.walferry.protocol.wal.WalPageHeader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * A transfer into a {@link DirectoryStorage}: a temp file in {@code .walferry/incoming/}, hashed while written,
 * with the first {@value WalPageHeader#LENGTH} bytes kept for the header check. {@link #commit} runs the
 * checks that need no lock (size, WAL header, fsync, checksum) and hands the file to
 * {@link DirectoryStorage#install} for the rest.
 */
final class IncomingFile implements Incoming {

    private final DirectoryStorage storage;
    private final DurableFiles files;
    private final WalFileName name;
    private final long declaredSize;
    private final Path temp;
    private final FileChannel channel;
    private final MessageDigest digest = Sha256.newDigest();
    private final byte[] header = new byte[WalPageHeader.LENGTH];
    private long written;
    private boolean finished;

    IncomingFile(DirectoryStorage storage, DurableFiles files, WalFileName name, long declaredSize, Path temp,
                 FileChannel channel) {
        this.storage = storage;
        this.files = files;
        this.name = name;
        this.declaredSize = declaredSize;
        this.temp = temp;
        this.channel = channel;
    }

    @Override
    public void write(ByteBuffer src) throws IOException {
        checkNotFinished();
        int len = src.remaining();
        if (len > declaredSize - written) {
            close();
            throw StorageException.badRequest("refusing more than the declared " + declaredSize + " bytes of " + name
                    + ": " + written + " written, " + len + " more offered");
        }
        if (written < header.length) {
            src.duplicate().get(header, (int) written, (int) Math.min(len, header.length - written));
        }
        digest.update(src.duplicate());
        try {
            while (src.hasRemaining()) {
                channel.write(src);
            }
        } catch (IOException e) {
            close();
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
            TransferChecks.Outcome checked = TransferChecks.beforeStore(name, written, declaredSize, claimedSha256,
                    header);
            if (checked.refusal() != null) {
                return checked.refusal();
            }
            files.force(channel, temp);
            try {
                channel.close(); // may report a deferred write error (NFS)
            } catch (IOException e) {
                throw StorageException.io("close of", temp, e);
            }
            byte[] actual = digest.digest();
            CommitResult mismatch = TransferChecks.checksum(name, actual, claimedSha256);
            if (mismatch != null) {
                return mismatch;
            }
            return storage.install(name, temp, written, actual, checked.identity());
        } finally {
            discardTemp();
        }
    }

    @Override
    public void close() {
        if (!finished) {
            finished = true;
            discardTemp();
        }
    }

    private void discardTemp() {
        try {
            closeChannel();
        } finally {
            DurableFiles.deleteQuietly(temp); // a no-op once install() has renamed it into the archive
        }
    }

    private void closeChannel() {
        try {
            channel.close();
        } catch (IOException e) {
            // the file is discarded or already forced; nothing depends on close
        }
    }

    private void checkNotFinished() {
        if (finished) {
            throw new IllegalStateException("transfer of " + name + " is already committed or aborted");
        }
    }
}
