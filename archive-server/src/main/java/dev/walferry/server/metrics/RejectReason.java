package dev.walferry.server.metrics;

import dev.walferry.protocol.message.Status;
import java.util.Locale;

/** Why the receiver refused something: the label of {@code walferry_rejected_total}. A closed set, on purpose. */
public enum RejectReason {
    /** TLS handshake failed: no client certificate, unknown CA, expired certificate... */
    TLS_HANDSHAKE,
    /** Not TLS at all (plain TCP). */
    NOT_TLS,
    /** The client speaks another protocol version. */
    PROTOCOL_VERSION,
    /** The client broke the protocol; the connection was closed. */
    PROTOCOL_ERROR,
    /** No archive of the requested name. */
    UNKNOWN_ARCHIVE,
    /** The identity may not use the archive. */
    FORBIDDEN,
    /** Invalid file name, size or WAL header. */
    BAD_REQUEST,
    /** A segment of another cluster than the archive is bound to (docs/postgres-contract.md A6). */
    WRONG_CLUSTER,
    /** The bytes did not match the declared SHA-256. */
    CHECKSUM_MISMATCH,
    /** The receiver could not store the file (I/O error, disk full). */
    STORAGE_ERROR;

    /** The label value, e.g. {@code tls_handshake}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The reason for a refusal answered with {@code status}. */
    public static RejectReason of(Status status) {
        return switch (status) {
            case FORBIDDEN -> FORBIDDEN;
            case UNKNOWN_ARCHIVE -> UNKNOWN_ARCHIVE;
            case WRONG_CLUSTER -> WRONG_CLUSTER;
            case CHECKSUM_MISMATCH -> CHECKSUM_MISMATCH;
            case STORAGE_ERROR, NO_SPACE -> STORAGE_ERROR;
            case UNSUPPORTED_VERSION -> PROTOCOL_VERSION;
            default -> BAD_REQUEST;
        };
    }
}
