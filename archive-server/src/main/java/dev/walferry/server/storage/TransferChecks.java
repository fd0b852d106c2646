package dev.walferry.server.storage;

import dev.walferry.protocol.codec.Limits;
import dev.walferry.protocol.message.Status;
import dev.walferry.protocol.wal.SegmentIdentity;
import dev.walferry.protocol.wal.WalFileKind;
import dev.walferry.protocol.wal.WalFileName;
import dev.walferry.protocol.wal.WalPageHeader;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The checks every backend runs on a finished transfer before storing it (docs/storage.md, commit order steps 1, 2
 * and 4), so that a directory and a bucket refuse exactly the same transfers with the same messages.
 */
final class TransferChecks {

    private TransferChecks() {}

    /**
     * What {@link #beforeStore} found: a refusal, or the segment's identity (null for history and backup files).
     *
     * @param refusal  the answer when the transfer is refused, else null
     * @param identity the WAL header identity of a segment or partial file, else null
     */
    public record Outcome(CommitResult refusal, SegmentIdentity identity) {}

    /**
     * Size, declared SHA-256 length and, for segments and {@code .partial} files, the WAL long page header.
     *
     * @param header the first bytes written (up to {@value WalPageHeader#LENGTH})
     */
    public static Outcome beforeStore(
            WalFileName name, long written, long declaredSize, byte[] claimedSha256, byte[] header) {
        if (written != declaredSize) {
            return refused(
                    Status.BAD_REQUEST, "truncated: got " + written + " of " + declaredSize + " bytes of " + name);
        }
        if (claimedSha256 == null || claimedSha256.length != Limits.SHA256_BYTES) {
            return refused(
                    Status.BAD_REQUEST,
                    "the declared SHA-256 of " + name + " is not " + Limits.SHA256_BYTES + " bytes");
        }
        if (name.kind() != WalFileKind.SEGMENT && name.kind() != WalFileKind.PARTIAL) {
            return new Outcome(null, null);
        }
        try {
            WalPageHeader h = WalPageHeader.parse(header, 0, (int) Math.min(written, header.length));
            if (name.kind() == WalFileKind.SEGMENT) {
                h.checkMatches(name, written);
            }
            return new Outcome(null, h.identity());
        } catch (IllegalArgumentException e) {
            return refused(Status.BAD_REQUEST, name + " is not a valid WAL segment: " + e.getMessage());
        }
    }

    /** Null when the content hashed to what the sender declared, else the CHECKSUM_MISMATCH refusal. */
    public static CommitResult checksum(WalFileName name, byte[] actual, byte[] claimedSha256) {
        if (MessageDigest.isEqual(actual, claimedSha256)) {
            return null;
        }
        return CommitResult.refused(
                Status.CHECKSUM_MISMATCH,
                "checksum mismatch for " + name
                        + ": received bytes hash to " + HexFormat.of().formatHex(actual) + " but the sender declared "
                        + HexFormat.of().formatHex(claimedSha256));
    }

    private static Outcome refused(Status status, String message) {
        return new Outcome(CommitResult.refused(status, message), null);
    }
}
