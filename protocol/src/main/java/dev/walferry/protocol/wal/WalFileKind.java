package dev.walferry.protocol.wal;

/** The kinds of file PostgreSQL hands to archive_command and asks of restore_command. */
public enum WalFileKind {
    /** A WAL segment: 24 upper-case hex digits (timeline, log, segment). */
    SEGMENT,
    /** A timeline history file: 8 hex digits + {@code .history}. Immutable, archived with priority. */
    HISTORY,
    /** A backup label: segment name + {@code .} + 8 hex digits (offset) + {@code .backup}. */
    BACKUP,
    /** A partial segment left at promotion: segment name + {@code .partial}. */
    PARTIAL
}
