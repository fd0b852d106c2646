package dev.walferry.client.push;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import dev.walferry.client.failure.ExitCode;
import dev.walferry.client.failure.WalferryException;
import dev.walferry.client.transport.PhaseTimer;
import dev.walferry.client.transport.ReceiverConnection;
import dev.walferry.client.transport.ResultErrors;
import dev.walferry.client.transport.TransportErrors;
import dev.walferry.protocol.codec.Limits;
import dev.walferry.protocol.message.Compression;
import dev.walferry.protocol.message.Data;
import dev.walferry.protocol.message.Message;
import dev.walferry.protocol.message.Put;
import dev.walferry.protocol.message.PutEnd;
import dev.walferry.protocol.message.Result;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * Copies one local file to the receiver: PUT, DATA chunks (hashed and compressed on the way), PUT_END with the
 * SHA-256, then waits for the receiver's answer. Returns only when the receiver acknowledged the file as durably
 * stored under its name with the same size and SHA-256; everything else throws.
 */
public final class SegmentPusher implements AutoCloseable {

    private final ReceiverConnection connection;
    private final String archive;
    private final ZstdCompressCtx zstd;
    private final byte[] raw = new byte[Limits.MAX_CHUNK];
    private final byte[] packed;
    private final boolean ownsConnection;
    private int nextStream = 1;

    /** @param level zstd level, or 0 to send uncompressed */
    public SegmentPusher(ReceiverConnection connection, String archive, int level) {
        this(connection, archive, level, false);
    }

    /** As above; with {@code ownsConnection}, {@link #close} closes the connection too. */
    public SegmentPusher(ReceiverConnection connection, String archive, int level, boolean ownsConnection) {
        this.ownsConnection = ownsConnection;
        this.connection = connection;
        this.archive = archive;
        if (level > 0) {
            zstd = new ZstdCompressCtx().setLevel(level).setChecksum(false);
            packed = new byte[(int) Zstd.compressBound(Limits.MAX_CHUNK)];
        } else {
            zstd = null;
            packed = null;
        }
    }

    /**
     * Pushes {@code file} (already validated) and returns the receiver's acknowledgement.
     *
     * @throws WalferryException for every outcome but durable storage
     */
    public Acknowledgement push(LocalWalFile file) {
        return push(file, new PhaseTimer(false));
    }

    /** As {@link #push(LocalWalFile)}, marking "stream" and "acknowledgement" on {@code timer}. */
    public Acknowledgement push(LocalWalFile file, PhaseTimer timer) {
        int stream = nextStream++;
        MessageDigest sha = sha256();
        long sent = 0;
        long wire = 0;
        try (InputStream in = Files.newInputStream(file.path())) {
            connection.send(new Put(
                    stream,
                    archive,
                    file.name().toString(),
                    file.size(),
                    zstd != null ? Compression.ZSTD : Compression.NONE));
            while (sent < file.size()) {
                int n = in.readNBytes(raw, 0, (int) Math.min(raw.length, file.size() - sent));
                if (n == 0) {
                    throw new WalferryException(
                            ExitCode.BAD_FILE,
                            file.path() + " shrank while being read: got " + sent + " of " + file.size() + " bytes");
                }
                sha.update(raw, 0, n);
                byte[] chunk;
                if (zstd != null) {
                    int c = zstd.compressByteArray(packed, 0, packed.length, raw, 0, n);
                    chunk = Arrays.copyOf(packed, c);
                } else {
                    chunk = Arrays.copyOf(raw, n);
                }
                connection.send(new Data(stream, n, chunk));
                sent += n;
                wire += chunk.length;
            }
            if (in.read() >= 0) {
                throw new WalferryException(
                        ExitCode.BAD_FILE, file.path() + " grew while being read (expected " + file.size() + " bytes)");
            }
        } catch (IOException e) {
            if (e instanceof java.nio.file.NoSuchFileException) {
                throw new WalferryException(ExitCode.LOCAL_IO, "cannot read " + file.path() + ": no such file", e);
            }
            if (e.getClass().getName().startsWith("java.nio.file") || e instanceof java.io.FileNotFoundException) {
                throw new WalferryException(ExitCode.LOCAL_IO, "cannot read " + file.path() + ": " + e.getMessage(), e);
            }
            throw TransportErrors.during(connection.address(), "pushing " + file.name(), e);
        }
        byte[] digest = sha.digest();
        try {
            connection.send(new PutEnd(stream, digest));
            connection.flush();
            timer.mark("hash+compress+send");
            Message m = connection.read();
            timer.mark("wait for ack");
            if (!(m instanceof Result r) || r.streamId() != stream) {
                throw new WalferryException(
                        ExitCode.PROTOCOL,
                        "receiver " + connection.address() + " answered the push of " + file.name() + " with " + m);
            }
            if (!r.status().isStoredDurably()) {
                throw ResultErrors.refused(connection.address(), file.name().toString(), r);
            }
            if (r.size() != file.size() || !Arrays.equals(r.sha256(), digest)) {
                throw new WalferryException(
                        ExitCode.CHECKSUM_MISMATCH,
                        "receiver " + connection.address() + " acknowledged " + file.name() + " with size " + r.size()
                                + " and another SHA-256 than sent");
            }
            return new Acknowledgement(file.name().toString(), r.size(), digest, r.status(), wire);
        } catch (IOException e) {
            throw TransportErrors.during(connection.address(), "waiting for the acknowledgement of " + file.name(), e);
        }
    }

    @Override
    public void close() {
        if (zstd != null) {
            zstd.close();
        }
        if (ownsConnection) {
            connection.close();
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from this JVM", e);
        }
    }
}
