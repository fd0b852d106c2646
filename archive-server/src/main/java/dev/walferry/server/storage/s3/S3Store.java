package dev.walferry.server.storage.s3;

import dev.walferry.protocol.codec.Limits;
import dev.walferry.protocol.wal.SegmentIdentity;
import dev.walferry.protocol.wal.WalFileName;
import dev.walferry.server.storage.Sha256;
import dev.walferry.server.storage.StorageException;
import dev.walferry.server.storage.Store;
import dev.walferry.server.storage.StoredFile;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The objects of an S3 archive ({@link S3Location}; docs/storage.md "S3 archives"):
 * <ul>
 *   <li>a file is the object {@code PREFIX<name>}, byte-identical to what PostgreSQL wrote, with its SHA-256 as user
 *       metadata {@code sha256}; it is durable (and visible) once the store answered 200 to its single PUT;</li>
 *   <li>a put first asks the store (HEAD) and uploads only when the key is free; the PUT itself carries
 *       {@code If-None-Match: *}, so a concurrent writer through another receiver loses with 412 and is given
 *       what won;</li>
 *   <li>the binding is the object {@code PREFIX.walferry/binding} ({@link S3Binding}).</li>
 * </ul>
 * Lookups ask the store (a HEAD), since another receiver may have stored the file; what was found is cached, as
 * stored objects never change (a file removed by cleanup fails its read and leaves the cache).
 */
final class S3Store implements Store {

    private static final Logger LOG = System.getLogger("walferry.receiver");

    private final String archive;
    private final ObjectStore store;
    private final S3Location location;
    private final Path incoming;
    private final Map<WalFileName, StoredFile> known = new ConcurrentHashMap<>();
    private final Object bindingLock = new Object();
    private volatile SegmentIdentity binding;

    S3Store(String archive, ObjectStore store, S3Location location, Path incoming, SegmentIdentity binding) {
        this.archive = archive;
        this.store = store;
        this.location = location;
        this.incoming = incoming;
        this.binding = binding;
    }

    @Override
    public String location() {
        return location.toString();
    }

    @Override
    public Path incomingDirectory() {
        return incoming;
    }

    @Override
    public boolean needsMd5() {
        return true;
    }

    Optional<SegmentIdentity> binding() {
        return Optional.ofNullable(binding);
    }

    /** Creates the binding object if there is none; of two receivers binding at once, the loser gets the winner's. */
    @Override
    public SegmentIdentity bind(SegmentIdentity id, Consumer<String> created) throws StorageException {
        SegmentIdentity bound = binding;
        if (bound == null) {
            synchronized (bindingLock) {
                bound = binding != null
                        ? binding
                        : S3Binding.create(store, location, id, () -> created.accept(location()));
                binding = bound;
            }
        }
        return bound;
    }

    /** HEAD (asking the store, not the cache: another receiver's cleanup may have removed it), then one PUT. */
    @Override
    public Optional<StoredFile> putIfAbsent(StoredFile file, Path content, byte[] md5) throws StorageException {
        WalFileName fileName = file.name();
        String key = location.key(fileName.toString());
        try {
            Optional<StoredFile> existing = stored(fileName);
            if (existing.isPresent()) {
                return existing;
            }
            ObjectStore.PutOutcome put = store.putIfAbsent(
                    key, content, file.size(), md5, Map.of(ObjectStore.SHA256_METADATA, file.sha256Hex()));
            if (put == ObjectStore.PutOutcome.EXISTS) {
                Optional<StoredFile> raced = stored(fileName);
                if (raced.isEmpty()) {
                    throw StorageException.failed("PUT " + location.url(key) + " was refused as existing, but the"
                            + " object is not there (removed meanwhile?)");
                }
                return raced;
            }
        } catch (StorageException e) {
            throw e;
        } catch (IOException e) {
            throw StorageException.failed("storing " + fileName + " in archive " + archive + ": " + e.getMessage(), e);
        }
        known.put(fileName, file);
        return Optional.empty();
    }

    /** From the cache, else a HEAD. */
    Optional<StoredFile> lookup(WalFileName fileName) throws IOException {
        StoredFile f = known.get(fileName);
        if (f != null) {
            return Optional.of(f);
        }
        Optional<ObjectInfo> info = head(fileName);
        if (info.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(record(fileName, info.get()));
    }

    /** Lists the bucket; files not yet seen are asked for their metadata (one HEAD each, then cached). */
    List<StoredFile> list() throws IOException {
        List<StoredFile> out = new ArrayList<>();
        for (ObjectInfo o : store.list(location.prefix())) {
            String n = o.key().substring(location.prefix().length());
            if (WalFileName.isValid(n)) {
                lookup(WalFileName.parse(n)).ifPresent(out::add);
            }
        }
        out.sort((a, b) -> a.name().compareTo(b.name()));
        return out;
    }

    /** Reads an object, checking size and SHA-256 against the record; a vanished one leaves the cache. */
    InputStream open(StoredFile file) throws IOException {
        String key = location.key(file.name().toString());
        try {
            return new VerifyingInputStream(
                    store.get(key), Sha256.newDigest(), file.sha256(), file.size(), location.url(key));
        } catch (NoSuchFileException e) {
            known.remove(file.name(), file);
            throw e;
        }
    }

    /** Deletes objects; see {@link dev.walferry.server.storage.ArchiveStorage#remove}. */
    List<WalFileName> remove(List<WalFileName> names) throws StorageException {
        List<WalFileName> removed = new ArrayList<>();
        for (WalFileName n : names) {
            try {
                store.delete(location.key(n.toString()));
            } catch (IOException e) {
                throw StorageException.failed("deleting " + n + " from archive " + archive + ": " + e.getMessage(), e);
            }
            known.remove(n);
            removed.add(n);
        }
        return removed;
    }

    /** What the store has under that name now (a HEAD, bypassing the cache). */
    private Optional<StoredFile> stored(WalFileName fileName) throws IOException {
        Optional<ObjectInfo> info = head(fileName);
        if (info.isEmpty()) {
            known.remove(fileName);
            return Optional.empty();
        }
        return Optional.of(record(fileName, info.get()));
    }

    private Optional<ObjectInfo> head(WalFileName fileName) throws IOException {
        return store.head(location.key(fileName.toString()));
    }

    /**
     * The stored file an object stands for. Without walferry's SHA-256 metadata (put there by another tool) the
     * object is hashed once (a full read) so that lookups, GET and the never-overwrite rule still work; verify
     * reports it.
     */
    private StoredFile record(WalFileName fileName, ObjectInfo info) throws IOException {
        byte[] sha = parseSha(info.sha256Hex());
        if (sha != null) {
            StoredFile f = new StoredFile(fileName, info.size(), sha, info.modifiedMillis());
            known.put(fileName, f);
            return f;
        }
        LOG.log(
                Level.WARNING,
                location.url(info.key()) + " has no sha256 metadata (placed by another tool);" + " hashing it");
        MessageDigest md = Sha256.newDigest();
        long size = 0;
        try (InputStream in = store.get(info.key())) {
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) != -1) {
                md.update(buf, 0, n);
                size += n;
            }
        }
        return new StoredFile(fileName, size, md.digest(), info.modifiedMillis());
    }

    static byte[] parseSha(String hex) {
        if (hex == null || hex.length() != 2 * Limits.SHA256_BYTES) {
            return null;
        }
        try {
            return HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
