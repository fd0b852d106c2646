package dev.walferry.pgctl;

/** A PostgreSQL tool or server could not do what was asked; the message says what and where. */
public class PgException extends RuntimeException {

    public PgException(String message) {
        super(message);
    }

    public PgException(String message, Throwable cause) {
        super(message, cause);
    }
}
