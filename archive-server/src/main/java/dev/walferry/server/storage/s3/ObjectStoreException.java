package dev.walferry.server.storage.s3;

import java.io.IOException;

/** An object-store operation failed: the message names the operation, the {@code s3://} URL and the cause. */
public final class ObjectStoreException extends IOException {

    private final int httpStatus;

    /** @param httpStatus the store's HTTP status, or 0 when none came back (unreachable, timeout) */
    public ObjectStoreException(String message, int httpStatus, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
    }

    /** The store's HTTP status, or 0 when it did not answer. */
    public int httpStatus() {
        return httpStatus;
    }
}
