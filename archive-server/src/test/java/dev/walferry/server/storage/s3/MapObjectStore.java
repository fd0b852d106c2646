package dev.walferry.server.storage.s3;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An in-memory {@link ObjectStore} with S3's rules (conditional put, metadata, delimiter listing), for the storage
 * rules' unit tests; the same rules run against a real Ceph RADOS Gateway in {@code S3StorageCephTest}. Hooks let a
 * test make the store unreachable or slip in a concurrent writer between a lookup and a put.
 */
final class MapObjectStore implements ObjectStore {

    record Stored(byte[] content, Map<String, String> metadata, long modifiedMillis) {}

    final Map<String, Stored> objects = new TreeMap<>();
    volatile boolean down;
    /** Run once before the next put, e.g. to store the same key "through another receiver". */
    volatile Runnable beforeNextPut;

    int puts;

    @Override
    public synchronized Optional<ObjectInfo> head(String key) throws IOException {
        reachable("HEAD", key);
        Stored s = objects.get(key);
        return s == null
                ? Optional.empty()
                : Optional.of(new ObjectInfo(key, s.content.length, s.metadata.get(SHA256_METADATA), s.modifiedMillis));
    }

    @Override
    public PutOutcome putIfAbsent(String key, Path file, long size, byte[] md5, Map<String, String> metadata)
            throws IOException {
        return putIfAbsent(key, Files.readAllBytes(file), metadata);
    }

    @Override
    public PutOutcome putIfAbsent(String key, byte[] content, Map<String, String> metadata) throws IOException {
        Runnable hook = beforeNextPut;
        if (hook != null) {
            beforeNextPut = null;
            hook.run();
        }
        synchronized (this) {
            reachable("PUT", key);
            puts++;
            if (objects.containsKey(key)) {
                return PutOutcome.EXISTS;
            }
            objects.put(key, new Stored(content.clone(), Map.copyOf(metadata), System.currentTimeMillis()));
            return PutOutcome.CREATED;
        }
    }

    @Override
    public synchronized InputStream get(String key) throws IOException {
        reachable("GET", key);
        Stored s = objects.get(key);
        if (s == null) {
            throw new NoSuchFileException("s3://test/" + key);
        }
        return new ByteArrayInputStream(s.content);
    }

    @Override
    public synchronized List<ObjectInfo> list(String prefix) throws IOException {
        reachable("LIST", prefix);
        List<ObjectInfo> out = new ArrayList<>();
        objects.forEach((k, s) -> {
            if (k.startsWith(prefix) && k.indexOf('/', prefix.length()) < 0) {
                out.add(new ObjectInfo(k, s.content.length, null, s.modifiedMillis));
            }
        });
        return out;
    }

    @Override
    public synchronized void delete(String key) throws IOException {
        reachable("DELETE", key);
        objects.remove(key);
    }

    @Override
    public void checkReachable() throws IOException {
        reachable("HEAD", "");
    }

    @Override
    public String bucket() {
        return "test";
    }

    @Override
    public void close() {}

    private void reachable(String op, String key) throws ObjectStoreException {
        if (down) {
            throw new ObjectStoreException(op + " s3://test/" + key + " failed: Connection refused", 0, null);
        }
    }
}
