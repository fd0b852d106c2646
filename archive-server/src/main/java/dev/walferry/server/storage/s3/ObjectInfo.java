package dev.walferry.server.storage.s3;

/**
 * What an object store says about one object.
 *
 * @param key            its key
 * @param size           bytes
 * @param sha256Hex      the SHA-256 walferry stored as user metadata ({@value ObjectStore#SHA256_METADATA}); null
 *                       when absent (a listing carries no metadata, and objects put by other tools have none)
 * @param modifiedMillis its last-modified time (epoch milliseconds)
 */
public record ObjectInfo(String key, long size, String sha256Hex, long modifiedMillis) {}
