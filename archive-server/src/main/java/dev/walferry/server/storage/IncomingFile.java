package dev.walferry.server.storage;

import dev.walferry.protocol.wal.WalFileName;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;

/**
 * A transfer into a {@link DirectoryStorage}: a temp file in {@code .walferry/incoming/}, hashed while written,
 * with the first bytes kept for the WAL header check ({@link HashingTempFile}). {@link #commit} runs the
 * checks that need no lock (size, WAL header, fsync, checksum) and hands the file to
 * {@link DirectoryStorage#install} for the rest.
 */
final class IncomingFile implements Incoming {

    private final DirectoryStorage storage;
    private final DurableFiles files;
    private final WalFileName name;
    private final MessageDigest digest = Sha256.newDigest();
    private final HashingTempFile temp;
    private final EarlyWriteBack writeBack;
    private boolean finished;

    IncomingFile(DirectoryStorage storage, DurableFiles files, WalFileName name, long declaredSize, Path temp,
                 FileChannel channel) {
        this.storage = storage;
        this.files = files;
        this.name = name;
        this.temp = new HashingTempFile(name, declaredSize, temp, channel, List.of(digest));
        this.writeBack = files.writeBack(channel, temp, declaredSize);
    }

    @Override
    public void write(ByteBuffer src) throws IOException {
        checkNotFinished();
        try {
            temp.write(src);
            writeBack.written(temp.written());
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
            files.finishWriteBack(writeBack, temp.path());
            files.force(temp.channel(), temp.path());
            temp.closeChannel();
            byte[] actual = digest.digest();
            CommitResult mismatch = TransferChecks.checksum(name, actual, claimedSha256);
            if (mismatch != null) {
                return mismatch;
            }
            return storage.install(name, temp.path(), temp.written(), actual, checked.identity());
        } finally {
            writeBack.abandon();
            temp.discard();
        }
    }

    @Override
    public void close() {
        if (!finished) {
            finished = true;
            writeBack.abandon();
            temp.discard();
        }
    }

    private void checkNotFinished() {
        if (finished) {
            throw new IllegalStateException("transfer of " + name + " is already committed or aborted");
        }
    }
}
