/**
 * Drives real PostgreSQL servers through their own binaries ({@code initdb}, {@code pg_ctl}, {@code psql},
 * {@code pgbench}, {@code pg_basebackup}, {@code pg_controldata}): used by the integration tests and by
 * {@code walferry demo}.
 *
 * <p>PostgreSQL refuses to run as root, so when this JVM is root every tool runs as the {@code postgres} OS user
 * through {@code runuser -u postgres --} ({@link dev.walferry.pgctl.OsUser}); every directory a server or its
 * archive/restore commands touch is handed over to that user ({@link dev.walferry.pgctl.OsUser#handOver}).
 * Servers listen on 127.0.0.1 only, on a free port, without a Unix socket, and log to a file beside the data
 * directory.
 */
package dev.walferry.pgctl;
