package dev.walferry.server.storage.s3;

import dev.walferry.protocol.codec.Limits;
import dev.walferry.protocol.message.Status;
import dev.walferry.protocol.wal.SegmentIdentity;
import dev.walferry.protocol.wal.WalFileName;
import dev.walferry.server.storage.ArchiveBinding;
import dev.walferry.server.storage.ArchiveStorage;
import dev.walferry.server.storage.ArchiveView;
import dev.walferry.server.storage.CommitResult;
import dev.walferry.server.storage.Incoming;
import dev.walferry.server.storage.Sha256;
import dev.walferry.server.storage.StorageException;
import dev.walferry.server.storage.StoredFile;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * An archive in an S3-compatible bucket under a key prefix ({@link S3Location}; docs/storage.md "S3 archives").
 * Stateless: everything is in the bucket, so several receivers may serve the same archive at once.
 * <ul>
 *   <li>a file is the object {@code PREFIX<name>}, byte-identical to what PostgreSQL wrote, with its SHA-256 as user
 *       metadata {@code sha256}; it is durable (and visible) once the store answered 200 to its single PUT;</li>
 *   <li>never overwrite: an existing key is compared (same SHA-256: ALREADY_PRESENT, else CONFLICT); the PUT itself
 *       carries {@code If-None-Match: *}, so a concurrent writer through another receiver loses with 412 and is
 *       compared the same way;</li>
 *   <li>the binding is the object {@code PREFIX.walferry/binding} in the directory archive's format, created with
 *       {@code If-None-Match: *} and read and compared otherwise;</li>
 *   <li>reads check size and SHA-256 against the metadata ({@link VerifyingInputStream}).</li>
 * </ul>
 * Lookups ask the store (a HEAD), since another receiver may have stored the file; what was found is cached, as
 * stored objects never change (a file removed by cleanup fails its read and leaves the cache).
 */
public final class S3Storage implements ArchiveStorage {

    private static final Logger LOG = System.getLogger("walferry.receiver");

    private final String name;
    private final ObjectStore store;
    private final S3Location location;
    private final Path incoming;
    private final Map<WalFileName, StoredFile> known = new ConcurrentHashMap<>();
    private final List<Consumer<StoredFile>> listeners = new CopyOnWriteArrayList<>();
    private final Object bindingLock = new Object();
    private volatile SegmentIdentity binding;
    private volatile boolean closed;

    private S3Storage(String name, ObjectStore store, S3Location location, Path incoming, SegmentIdentity binding) {
        this.name = name;
        this.store = store;
        this.location = location;
        this.incoming = incoming;
        this.binding = binding;
    }

    /**
     * Opens archive {@code name} at {@code location}: checks that the bucket answers and reads the binding.
     *
     * @param incoming a local directory for the temp files of transfers in progress (created 0700 if absent)
     * @throws StorageException naming the bucket and the cause when it cannot be reached or its binding is corrupt
     */
    public static S3Storage open(String name, ObjectStore store, S3Location location, Path incoming)
            throws StorageException {
        Objects.requireNonNull(name, "name");
        try {
            Files.createDirectories(incoming, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw StorageException.failed("cannot create " + incoming + " for the transfers of archive " + name + ": "
                    + e.getMessage(), e);
        }
        S3Storage s = new S3Storage(name, store, location, incoming, null);
        try {
            store.checkReachable();
        } catch (IOException e) {
            throw StorageException.failed("archive " + name + " (" + location + "): " + e.getMessage(), e);
        }
        s.binding = S3Binding.read(store, location).orElse(null);
        return s;
    }

    @Override
    public String name() {
        return name;
    }

    /** The bucket and prefix. */
    public S3Location location() {
        return location;
    }

    @Override
    public Optional<StoredFile> lookup(WalFileName fileName) throws IOException {
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
    @Override
    public List<StoredFile> list() throws IOException {
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

    @Override
    public Optional<SegmentIdentity> binding() {
        return Optional.ofNullable(binding);
    }

    @Override
    public Incoming begin(WalFileName fileName, long declaredSize) throws IOException {
        if (declaredSize < 0 || declaredSize > Limits.MAX_FILE_SIZE) {
            throw new IllegalArgumentException("declared size " + declaredSize + " of " + fileName
                    + " is outside 0.." + Limits.MAX_FILE_SIZE);
        }
        ensureOpen();
        Path temp;
        try {
            temp = Files.createTempFile(incoming, "s3-" + fileName + "-", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (IOException e) {
            throw StorageException.failed("cannot create a temp file in " + incoming + ": " + e.getMessage(), e);
        }
        try {
            return new IncomingObject(this, fileName, declaredSize, temp,
                    FileChannel.open(temp, StandardOpenOption.WRITE));
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw StorageException.failed("cannot open " + temp + ": " + e.getMessage(), e);
        }
    }

    @Override
    public InputStream open(StoredFile file) throws IOException {
        String key = location.key(file.name().toString());
        try {
            return new VerifyingInputStream(store.get(key), Sha256.newDigest(), file.sha256(), file.size(),
                    location.url(key));
        } catch (NoSuchFileException e) {
            known.remove(file.name(), file);
            throw e;
        }
    }

    @Override
    public void addArrivalListener(Consumer<StoredFile> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void removeArrivalListener(Consumer<StoredFile> listener) {
        listeners.remove(listener);
    }

    @Override
    public ArchiveView view() {
        return new S3View(store, location);
    }

    @Override
    public List<WalFileName> remove(List<WalFileName> names) throws StorageException {
        List<WalFileName> removed = new ArrayList<>();
        ensureOpen();
        for (WalFileName n : names) {
            try {
                store.delete(location.key(n.toString()));
            } catch (IOException e) {
                throw StorageException.failed("deleting " + n + " from archive " + name + ": " + e.getMessage(), e);
            }
            known.remove(n);
            removed.add(n);
        }
        LOG.log(Level.INFO, "archive " + name + ": cleanup removed " + removed.size() + " objects from " + location);
        return removed;
    }

    /** Closed, the incoming area not writable, or the bucket not answering. */
    @Override
    public Optional<String> writeProblem() {
        if (closed) {
            return Optional.of("archive " + name + " (" + location + ") is closed");
        }
        try {
            Files.delete(Files.createTempFile(incoming, "health-", ".tmp"));
            store.checkReachable();
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("archive " + name + " is not writable: " + e.getMessage());
        }
    }

    /**
     * The store part of a commit: {@code temp} is complete and hashes to {@code sha256}; {@code identity} is the
     * segment's header identity, null for history and backup files.
     */
    CommitResult upload(WalFileName fileName, Path temp, long size, byte[] sha256, byte[] md5,
                        SegmentIdentity identity) throws StorageException {
        ensureOpen();
        if (identity != null) {
            CommitResult refused = checkBinding(fileName, identity);
            if (refused != null) {
                return refused;
            }
        }
        String key = location.key(fileName.toString());
        try {
            // ask the store, not the cache: another receiver's cleanup may have removed a file seen before
            Optional<StoredFile> existing = stored(fileName);
            if (existing.isPresent()) {
                return CommitResult.existing(existing.get(), sha256);
            }
            ObjectStore.PutOutcome put = store.putIfAbsent(key, temp, size, md5,
                    Map.of(ObjectStore.SHA256_METADATA, HexFormat.of().formatHex(sha256)));
            if (put == ObjectStore.PutOutcome.EXISTS) {
                Optional<StoredFile> raced = stored(fileName);
                if (raced.isEmpty()) {
                    throw StorageException.failed("PUT " + location.url(key) + " was refused as existing, but the"
                            + " object is not there (removed meanwhile?)");
                }
                return CommitResult.existing(raced.get(), sha256);
            }
        } catch (StorageException e) {
            throw e;
        } catch (IOException e) {
            throw StorageException.failed("storing " + fileName + " in archive " + name + ": " + e.getMessage(), e);
        }
        StoredFile stored = new StoredFile(fileName, size, sha256, System.currentTimeMillis());
        known.put(fileName, stored);
        notifyListeners(stored);
        return new CommitResult(Status.STORED, stored, fileName + " stored in " + location.url(key));
    }

    /** Null when the segment fits the binding (creating the binding object if there is none); else the refusal. */
    private CommitResult checkBinding(WalFileName fileName, SegmentIdentity id) throws StorageException {
        SegmentIdentity bound = binding;
        if (bound == null) {
            synchronized (bindingLock) {
                bound = binding != null ? binding : createBinding(id);
                binding = bound;
            }
        }
        return ArchiveBinding.check(name, fileName, bound, id);
    }

    private SegmentIdentity createBinding(SegmentIdentity id) throws StorageException {
        return S3Binding.create(store, location, id, () -> LOG.log(Level.INFO, "archive " + name + " (" + location
                + ") is now bound to database system " + id.systemIdentifierText() + ", segment size "
                + id.segmentSize() + ", PostgreSQL " + id.postgresVersion()));
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
        LOG.log(Level.WARNING, location.url(info.key()) + " has no sha256 metadata (placed by another tool);"
                + " hashing it");
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

    private void notifyListeners(StoredFile stored) {
        for (Consumer<StoredFile> l : listeners) {
            try {
                l.accept(stored);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "arrival listener failed for " + stored.name(), e);
            }
        }
    }

    private void ensureOpen() throws StorageException {
        if (closed) {
            throw StorageException.failed("archive " + name + " (" + location + ") is closed");
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        store.close();
    }
}
