package dev.walferry.server.storage.s3;

import dev.walferry.protocol.wal.WalFileName;
import dev.walferry.protocol.wal.WalPageHeader;
import dev.walferry.server.storage.CommitResult;
import dev.walferry.server.storage.Incoming;
import dev.walferry.server.storage.Sha256;
import dev.walferry.server.storage.StorageException;
import dev.walferry.server.storage.TransferChecks;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A transfer into an {@link S3Storage}: the bytes go to a temp file in the receiver's local incoming area, hashed
 * (SHA-256 for the archive, MD5 for the upload's Content-MD5) on the way, so that a segment is never held in heap.
 * {@link #commit} runs the same checks as a directory archive, then uploads the file in one PUT. The temp file is
 * deleted in every case.
 */
final class IncomingObject implements Incoming {

    private final S3Storage storage;
    private final WalFileName name;
    private final long declaredSize;
    private final Path temp;
    private final FileChannel channel;
    private final MessageDigest sha = Sha256.newDigest();
    private final MessageDigest md5 = newMd5();
    private final byte[] header = new byte[WalPageHeader.LENGTH];
    private long written;
    private boolean finished;

    IncomingObject(S3Storage storage, WalFileName name, long declaredSize, Path temp, FileChannel channel) {
        this.storage = storage;
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
        sha.update(src.duplicate());
        md5.update(src.duplicate());
        try {
            while (src.hasRemaining()) {
                channel.write(src);
            }
        } catch (IOException e) {
            close();
            throw StorageException.failed("write of " + temp + " failed: " + e.getMessage(), e);
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
            try {
                channel.close();
            } catch (IOException e) {
                throw StorageException.failed("close of " + temp + " failed: " + e.getMessage(), e);
            }
            byte[] actual = sha.digest();
            CommitResult mismatch = TransferChecks.checksum(name, actual, claimedSha256);
            if (mismatch != null) {
                return mismatch;
            }
            return storage.upload(name, temp, written, actual, md5.digest(), checked.identity());
        } finally {
            discard();
        }
    }

    @Override
    public void close() {
        if (!finished) {
            finished = true;
            discard();
        }
    }

    private void discard() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // the temp file is deleted next; nothing depends on close
        }
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            System.getLogger("walferry.receiver").log(System.Logger.Level.WARNING, "cannot delete " + temp + ": "
                    + e.getMessage());
        }
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
