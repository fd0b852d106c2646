package dev.walferry.client.push;

import dev.walferry.protocol.message.Status;

/**
 * The receiver's word that a file is durably stored.
 *
 * @param name      file name
 * @param size      bytes stored
 * @param sha256    SHA-256 of the stored content, equal to what was sent
 * @param status    STORED, or ALREADY_PRESENT for an identical re-push
 * @param wireBytes bytes of DATA payload sent (after compression)
 */
public record Acknowledgement(String name, long size, byte[] sha256, Status status, long wireBytes) {}
