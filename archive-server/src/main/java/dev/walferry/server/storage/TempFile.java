package dev.walferry.server.storage;

/**
 * A file in an archive's {@code incoming/} area: a transfer in progress, or one left over by a receiver that
 * died (startup recovery deletes those).
 *
 * @param name           its file name in {@code incoming/}
 * @param size           bytes
 * @param modifiedMillis last modification time (epoch milliseconds)
 */
public record TempFile(String name, long size, long modifiedMillis) {}
