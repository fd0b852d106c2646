package dev.walferry.server.storage.s3;

import dev.walferry.protocol.wal.WalFileName;
import dev.walferry.server.storage.CommitResult;
import dev.walferry.server.storage.HashingTempFile;
import dev.walferry.server.storage.Incoming;
import dev.walferry.server.storage.Sha256;
import dev.walferry.server.storage.StorageException;
import dev.walferry.server.storage.TransferChecks;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * A transfer into an {@link S3Storage}: the bytes go to a temp file in the receiver's local incoming area, hashed
 * (SHA-256 for the archive, MD5 for the upload's Content-MD5) on the way, so that a segment is never held in heap.
 * {@link #commit} runs the same checks as a directory archive, then uploads the file in one PUT. The temp file is
 * deleted in every case.
 */
final class IncomingObject implements Incoming {

    private final S3Storage storage;
    private final WalFileName name;
    private final HashingTempFile temp;
    private final MessageDigest sha = Sha256.newDigest();
    private final MessageDigest md5 = newMd5();
    private boolean finished;

    IncomingObject(S3Storage storage, WalFileName name, long declaredSize, Path temp, FileChannel channel) {
        this.storage = storage;
        this.name = name;
        this.temp = new HashingTempFile(name, declaredSize, temp, channel, List.of(sha, md5));
    }

    @Override
    public void write(ByteBuffer src) throws IOException {
        checkNotFinished();
        try {
            temp.write(src);
        } catch (StorageException e) {
            close();
            throw e;
        }
    }

    @Override
    public long written() {
        return temp.written();
    }

    @Override
    public CommitResult commit(byte[] claimedSha256) throws IOException {
        checkNotFinished();
        finished = true;
        try {
            TransferChecks.Outcome checked = TransferChecks.beforeStore(name, temp.written(), temp.declaredSize(),
                    claimedSha256, temp.header());
            if (checked.refusal() != null) {
                return checked.refusal();
            }
            temp.closeChannel();
            byte[] actual = sha.digest();
            CommitResult mismatch = TransferChecks.checksum(name, actual, claimedSha256);
            if (mismatch != null) {
                return mismatch;
            }
            return storage.upload(name, temp.path(), temp.written(), actual, md5.digest(), checked.identity());
        } finally {
            temp.discard();
        }
    }

    @Override
    public void close() {
        if (!finished) {
            finished = true;
            temp.discard();
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
