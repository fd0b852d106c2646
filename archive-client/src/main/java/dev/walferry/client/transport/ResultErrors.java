package dev.walferry.client.transport;

import dev.walferry.client.failure.ExitCode;
import dev.walferry.client.failure.WalferryException;
import dev.walferry.protocol.ReceiverAddress;
import dev.walferry.protocol.message.Result;
import dev.walferry.protocol.message.Status;

/** Turns a receiver's refusal into the one-line error and exit code the user sees. */
public final class ResultErrors {

    private ResultErrors() {}

    public static ExitCode exitCode(Status s) {
        return switch (s) {
            case OK, STORED, ALREADY_PRESENT -> ExitCode.OK;
            case NOT_FOUND -> ExitCode.NOT_FOUND;
            case CONFLICT -> ExitCode.CONFLICT;
            case WRONG_CLUSTER -> ExitCode.WRONG_CLUSTER;
            case CHECKSUM_MISMATCH -> ExitCode.CHECKSUM_MISMATCH;
            case STORAGE_ERROR, NO_SPACE -> ExitCode.STORAGE;
            case FORBIDDEN -> ExitCode.TLS_AUTH;
            case BAD_REQUEST, UNKNOWN_ARCHIVE -> ExitCode.REFUSED;
            case TIMEOUT -> ExitCode.TIMEOUT;
            case UNSUPPORTED_VERSION -> ExitCode.PROTOCOL;
        };
    }

    /** An exception for a refusal of {@code file} by receiver {@code a}. */
    public static WalferryException refused(ReceiverAddress a, String file, Result r) {
        String what =
                switch (r.status()) {
                    case CONFLICT -> "conflict: a different " + file + " is already archived; the stored file was kept";
                    case WRONG_CLUSTER -> "wrong cluster: " + file + " comes from another database cluster";
                    case CHECKSUM_MISMATCH -> "checksum mismatch for " + file;
                    case NO_SPACE -> "no space left on the receiver for " + file;
                    case STORAGE_ERROR -> "receiver storage error for " + file;
                    case FORBIDDEN -> "not authorized for " + file;
                    case NOT_FOUND -> file + " not found";
                    default -> "receiver refused " + file + " (" + r.status() + ")";
                };
        String detail = r.message().isEmpty() ? "" : ": " + r.message();
        return new WalferryException(exitCode(r.status()), what + detail + " [receiver " + a + "]");
    }
}
