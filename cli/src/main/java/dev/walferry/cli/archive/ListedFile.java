package dev.walferry.cli.archive;

import dev.walferry.protocol.wal.WalFileName;

/**
 * One line of {@code walferry archive list}.
 *
 * @param name           the file
 * @param size           bytes
 * @param storedAtMillis when it was stored
 * @param sha256         recorded SHA-256 as hex, null when the file has no checksum record
 */
record ListedFile(WalFileName name, long size, long storedAtMillis, String sha256) {}
