package dev.walferry.client.restore;

import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import dev.walferry.client.failure.ExitCode;
import dev.walferry.client.failure.WalferryException;
import dev.walferry.client.spool.PrefetchSpool;
import dev.walferry.client.transport.ReceiverConnection;
import dev.walferry.client.transport.ResultErrors;
import dev.walferry.protocol.codec.Limits;
import dev.walferry.protocol.message.Compression;
import dev.walferry.protocol.message.Data;
import dev.walferry.protocol.message.FileHeader;
import dev.walferry.protocol.message.Get;
import dev.walferry.protocol.message.Message;
import dev.walferry.protocol.message.Result;
import dev.walferry.protocol.message.Status;
import dev.walferry.protocol.wal.WalFileName;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * Fetches one file from the receiver into {@code dest} atomically (docs/postgres-contract.md R2): the bytes go to a
 * temp file beside {@code dest}, are checked against the size and SHA-256 the receiver recorded at store time, forced
 * to disk, and only then renamed onto {@code dest}. On any failure the temp file is deleted and {@code dest} is
 * untouched, so PostgreSQL never reads a partial file.
 */
public final class FileRestorer {

    /** Suffix of the temp file beside the destination; a leftover from a killed run is replaced by the next one. */
    public static final String TEMP_SUFFIX = PrefetchSpool.PARTIAL_SUFFIX;

    private final ReceiverConnection connection;
    private final String archive;
    private int nextStream = 1;

    public FileRestorer(ReceiverConnection connection, String archive) {
        this.connection = connection;
        this.archive = archive;
    }

    /** The temp file a restore to {@code dest} writes before renaming it onto {@code dest}. */
    public static Path tempFor(Path dest) {
        return dest.resolveSibling(dest.getFileName() + TEMP_SUFFIX);
    }

    /**
     * @param waitMillis how long the receiver may hold the request for a file not yet archived (0: answer now)
     * @return {@code true} when restored, {@code false} when the archive does not have the file (or it did not
     *         arrive within {@code waitMillis})
     * @throws IOException on transport failures (the caller maps them by recovery mode)
     * @throws WalferryException for refusals, checksum mismatches and local I/O failures
     */
    public boolean restore(WalFileName name, Path dest, long waitMillis) throws IOException {
        int stream = nextStream++;
        connection.send(new Get(stream, archive, name.toString(), waitMillis));
        connection.flush();
        Message first = connection.read();
        if (first instanceof Result r && r.streamId() == stream) {
            if (r.status() == Status.NOT_FOUND || r.status() == Status.TIMEOUT) {
                return false;
            }
            throw ResultErrors.refused(connection.address(), name.toString(), r);
        }
        if (!(first instanceof FileHeader h)
                || h.streamId() != stream
                || !h.name().equals(name.toString())) {
            throw new WalferryException(
                    ExitCode.PROTOCOL, "receiver " + connection.address() + " answered GET " + name + " with " + first);
        }
        Path temp = tempFor(dest);
        boolean done = false;
        try {
            receive(h, temp);
            try {
                Files.move(temp, dest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new WalferryException(
                        ExitCode.LOCAL_IO, "cannot rename " + temp + " to " + dest + ": " + e.getMessage(), e);
            }
            done = true;
            return true;
        } finally {
            if (!done) {
                Files.deleteIfExists(temp);
            }
        }
    }

    private void receive(FileHeader h, Path temp) throws IOException {
        MessageDigest sha = sha256();
        long got = 0;
        byte[] buffer = new byte[Limits.MAX_CHUNK];
        try (FileChannel out = openTemp(temp);
                ZstdDecompressCtx zstd = h.compression() == Compression.ZSTD ? new ZstdDecompressCtx() : null) {
            while (true) {
                Message m = connection.read();
                if (m instanceof Data d && d.streamId() == h.streamId()) {
                    got += d.rawLength();
                    if (got > h.size()) {
                        throw new WalferryException(
                                ExitCode.PROTOCOL, "receiver sent more than the " + h.size() + " bytes of " + h.name());
                    }
                    int n = decode(d, zstd, buffer);
                    sha.update(buffer, 0, n);
                    write(out, buffer, n, temp);
                } else if (m instanceof Result r && r.streamId() == h.streamId()) {
                    if (r.status() != Status.OK) {
                        throw ResultErrors.refused(connection.address(), h.name(), r);
                    }
                    break;
                } else {
                    throw new WalferryException(
                            ExitCode.PROTOCOL, "unexpected " + m.type() + " while receiving " + h.name());
                }
            }
            if (got != h.size()) {
                throw new WalferryException(
                        ExitCode.PROTOCOL, "receiver sent " + got + " of the " + h.size() + " bytes of " + h.name());
            }
            if (!Arrays.equals(sha.digest(), h.sha256())) {
                throw new WalferryException(
                        ExitCode.CHECKSUM_MISMATCH,
                        "checksum mismatch restoring " + h.name()
                                + ": the bytes received do not match the SHA-256 recorded when it was archived; "
                                + "run 'walferry archive verify' on the receiver");
            }
            try {
                out.force(true);
            } catch (IOException e) {
                throw new WalferryException(ExitCode.LOCAL_IO, "cannot fsync " + temp + ": " + e.getMessage(), e);
            }
        }
    }

    private static int decode(Data d, ZstdDecompressCtx zstd, byte[] buffer) {
        if (zstd == null) {
            if (d.bytes().length != d.rawLength()) {
                throw new WalferryException(
                        ExitCode.PROTOCOL,
                        "DATA chunk carries " + d.bytes().length + " bytes but declares " + d.rawLength());
            }
            System.arraycopy(d.bytes(), 0, buffer, 0, d.rawLength());
            return d.rawLength();
        }
        try {
            zstd.reset();
            int n = zstd.decompressByteArray(buffer, 0, buffer.length, d.bytes(), 0, d.bytes().length);
            if (n != d.rawLength()) {
                throw new WalferryException(
                        ExitCode.PROTOCOL, "zstd chunk decompresses to " + n + " bytes, declared " + d.rawLength());
            }
            return n;
        } catch (ZstdException e) {
            throw new WalferryException(ExitCode.PROTOCOL, "bad zstd chunk from receiver: " + e.getMessage(), e);
        }
    }

    private static FileChannel openTemp(Path temp) {
        try {
            return FileChannel.open(
                    temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new WalferryException(ExitCode.LOCAL_IO, "cannot create " + temp + ": " + e.getMessage(), e);
        }
    }

    private static void write(FileChannel out, byte[] b, int n, Path temp) {
        try {
            ByteBuffer buf = ByteBuffer.wrap(b, 0, n);
            while (buf.hasRemaining()) {
                out.write(buf);
            }
        } catch (IOException e) {
            throw new WalferryException(ExitCode.LOCAL_IO, "cannot write " + temp + ": " + e.getMessage(), e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from this JVM", e);
        }
    }
}
