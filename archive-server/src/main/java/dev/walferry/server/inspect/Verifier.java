package dev.walferry.server.inspect;

import dev.walferry.protocol.wal.SegmentIdentity;
import dev.walferry.protocol.wal.WalPageHeader;
import dev.walferry.server.storage.AdoptionChecks;
import dev.walferry.server.storage.ArchiveSnapshot;
import dev.walferry.server.storage.ArchiveView;
import dev.walferry.server.storage.ArchivedFile;
import dev.walferry.server.storage.StorageException;
import dev.walferry.server.storage.StoredFile;
import dev.walferry.server.storage.TempFile;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code walferry archive verify}: re-hashes every stored file against its recorded SHA-256 on {@code jobs}
 * threads, and reports files without a record, leftover temp files and the {@link Continuity} problems.
 */
public final class Verifier {

    /**
     * A temp file untouched this long belongs to no transfer: the receiver closes connections idle for 5 minutes
     * and deletes their temp files.
     */
    public static final long LEFTOVER_AGE_MILLIS = 10 * 60 * 1000L;

    private static final int READ_BUFFER = 256 * 1024;

    /** Progress callback, called from the hashing threads. */
    @FunctionalInterface
    public interface Progress {
        void update(long doneBytes, long totalBytes);
    }

    private Verifier() {}

    public static VerifyReport run(ArchiveView reader, int jobs, Progress progress)
            throws StorageException, InterruptedException {
        ArchiveSnapshot snapshot = reader.snapshot();
        List<ArchivedFile> files = snapshot.files();
        long total = files.stream().mapToLong(ArchivedFile::size).sum();
        AtomicLong done = new AtomicLong();
        List<Finding> findings = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, jobs), r -> {
            Thread t = new Thread(r, "walferry-verify");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Finding>> results = new ArrayList<>();
            for (ArchivedFile f : files) {
                results.add(pool.submit(() -> {
                    Finding x = check(reader, f, snapshot.binding().orElse(null));
                    progress.update(done.addAndGet(f.size()), total);
                    return x;
                }));
            }
            for (Future<Finding> r : results) {
                Finding x = r.get();
                if (x != null) {
                    findings.add(x);
                }
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("verify failed unexpectedly", e.getCause());
        } finally {
            pool.shutdownNow();
        }
        long now = System.currentTimeMillis();
        for (TempFile t : snapshot.temps()) {
            if (now - t.modifiedMillis() > LEFTOVER_AGE_MILLIS) {
                findings.add(new Finding(
                        Finding.Kind.LEFTOVER_TEMP,
                        t.name(),
                        t.size() + " bytes in incoming/, last" + " written " + Instant.ofEpochMilli(t.modifiedMillis())
                                + "; no transfer owns it"));
            }
        }
        Histories histories = Histories.read(reader, snapshot);
        findings.addAll(histories.problems());
        Continuity c = Continuity.check(
                files.stream().map(ArchivedFile::name).toList(),
                ArchiveStatus.segmentSize(snapshot),
                histories.byTimeline());
        for (Gap g : c.gaps()) {
            findings.add(new Finding(
                    Finding.Kind.GAP,
                    g.range(),
                    g.count() + " segment" + (g.count() == 1 ? "" : "s") + " missing on timeline " + g.timeline()));
        }
        for (long t : c.missingHistory()) {
            findings.add(new Finding(
                    Finding.Kind.MISSING_HISTORY,
                    String.format("%08X.history", t),
                    "timeline " + t + " has segments but no history file"));
        }
        return new VerifyReport(files.size(), total, List.copyOf(findings));
    }

    /** Null when the file matches its record. */
    static Finding check(ArchiveView reader, ArchivedFile f, SegmentIdentity binding) {
        String actual;
        long size;
        byte[] header = new byte[WalPageHeader.LENGTH];
        try (InputStream in = reader.open(f.name())) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[READ_BUFFER];
            size = 0;
            int n;
            while ((n = in.read(buf)) != -1) {
                if (size < header.length) {
                    System.arraycopy(buf, 0, header, (int) size, (int) Math.min(n, header.length - size));
                }
                md.update(buf, 0, n);
                size += n;
            }
            actual = HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            return new Finding(Finding.Kind.UNREADABLE, f.name().toString(), "cannot read: " + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
        StoredFile r = f.record();
        if (r == null) {
            // a file another tool put in DIR that a receiver would not adopt (docs/storage.md, "Files that arrive
            // by other tools")
            String problem = AdoptionChecks.check(reader.location(), f.name(), size, header, binding)
                    .problem();
            if (problem != null) {
                return new Finding(
                        Finding.Kind.FOREIGN, f.name().toString(), "placed by another tool, not served: " + problem);
            }
            return new Finding(
                    Finding.Kind.NO_CHECKSUM,
                    f.name().toString(),
                    "no checksum record (size " + size + ", sha256 " + actual + ")");
        }
        if (r.size() != size || !r.sha256Hex().equals(actual)) {
            String sizes = r.size() != size ? "size " + size + " (recorded " + r.size() + "), " : "";
            return new Finding(
                    Finding.Kind.CHECKSUM_MISMATCH,
                    f.name().toString(),
                    sizes + "sha256 " + actual + " but recorded " + r.sha256Hex());
        }
        return null;
    }
}
