package dev.walferry.server.storage;

import dev.walferry.protocol.message.Status;
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

    static CommitResult refused(Status status, String message) {
        return new CommitResult(status, null, message);
    }

    /** True when the file is durably in the archive with the sender's content. */
    public boolean isStoredDurably() {
        return status.isStoredDurably();
    }
}
