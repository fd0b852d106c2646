package dev.walferry.server.storage;

import dev.walferry.protocol.message.Status;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A storage step failed. The message says which step failed on which path; {@link #status()} is the answer
 * the receiver gives the sender ({@link Status#NO_SPACE} when the file system is full,
 * {@link Status#BAD_REQUEST} when the sender broke the transfer's rules, {@link Status#STORAGE_ERROR}
 * otherwise). Whenever this is thrown from a transfer, its temp file is gone and the archive is unchanged.
 */
public final class StorageException extends IOException {

    /** What the JDK puts in the message of an IOException caused by ENOSPC. */
    static final String ENOSPC_TEXT = "No space left on device";

    private final Status status;

    StorageException(Status status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** An I/O failure of {@code step} on {@code path}; recognizes a full file system in the cause chain. */
    static StorageException io(String step, Path path, IOException cause) {
        boolean full = isNoSpace(cause);
        String detail = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        String text = step + " " + path + " failed" + (full ? " (no space left on device)" : "") + ": " + detail;
        return new StorageException(full ? Status.NO_SPACE : Status.STORAGE_ERROR, text, cause);
    }

    /** A STORAGE_ERROR with {@code message} naming what failed where. */
    public static StorageException failed(String message) {
        return new StorageException(Status.STORAGE_ERROR, message, null);
    }

    /** As {@link #failed(String)}, keeping the cause (for --verbose). */
    public static StorageException failed(String message, Throwable cause) {
        return new StorageException(Status.STORAGE_ERROR, message, cause);
    }

    /** The sender broke the transfer's rules (e.g. more bytes than declared). */
    public static StorageException badRequest(String message) {
        return new StorageException(Status.BAD_REQUEST, message, null);
    }

    /** The status the receiver answers for this failure. */
    public Status status() {
        return status;
    }

    /** True when the failure was "no space left on device". */
    public boolean noSpace() {
        return status == Status.NO_SPACE;
    }

    static boolean isNoSpace(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof StorageException s && s.noSpace()) {
                return true;
            }
            if (c.getMessage() != null && c.getMessage().contains(ENOSPC_TEXT)) {
                return true;
            }
        }
        return false;
    }
}
