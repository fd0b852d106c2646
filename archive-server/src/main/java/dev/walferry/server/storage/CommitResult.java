package dev.walferry.server.storage;

import dev.walferry.protocol.message.Status;
import dev.walferry.protocol.wal.WalFileName;
import java.util.Objects;

/**
 * How a transfer ended, when it ended in an answer rather than a {@link StorageException}.
 *
 * @param status  {@link Status#STORED} or {@link Status#ALREADY_PRESENT} (the file is durably in the archive),
 *                or {@link Status#CONFLICT}, {@link Status#WRONG_CLUSTER}, {@link Status#CHECKSUM_MISMATCH},
 *                {@link Status#BAD_REQUEST} (nothing was written)
 * @param file    the stored file: the new one, or for ALREADY_PRESENT and CONFLICT the one already stored;
 *                null otherwise
 * @param message one line for logs and for the sender
 */
public record CommitResult(Status status, StoredFile file, String message) {

    public CommitResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(message, "message");
    }

    /** An answer other than STORED / ALREADY_PRESENT: nothing was written. */
    public static CommitResult refused(Status status, String message) {
        return new CommitResult(status, null, message);
    }

    /**
     * The answer for a file of that name already stored as {@code existing}: ALREADY_PRESENT when its SHA-256 is
     * {@code sha256}, else CONFLICT (the stored file is kept; docs/postgres-contract.md A3).
     */
    public static CommitResult existing(StoredFile existing, byte[] sha256) {
        WalFileName fileName = existing.name();
        return existing.hasSha256(sha256)
                ? new CommitResult(
                        Status.ALREADY_PRESENT, existing, fileName + " is already archived with identical content")
                : new CommitResult(
                        Status.CONFLICT,
                        existing,
                        fileName + " is already archived with different" + " content (stored SHA-256 "
                                + existing.sha256Hex() + "); the stored file is kept");
    }

    /** True when the file is durably in the archive with the sender's content. */
    public boolean isStoredDurably() {
        return status.isStoredDurably();
    }
}
