package dev.walferry.server.storage;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Starts writing a temp file's data to disk while the rest of it still arrives: after each quarter of the declared
 * size (at least 256 KiB; not in the last stretch) an {@code fdatasync} runs on a background thread, one at a time
 * per file. The commit's
 * own fsync then finds little left to write (measured here: 3-6 ms instead of 10-15 ms for 16 MiB). Purely an
 * optimisation: the commit still fsyncs, after the last write. But the outcome of every early sync is checked
 * before that: Linux may report a failed write-back to only one fsync caller, so a failure seen here must fail
 * the transfer even when the final fsync then succeeds. Not thread-safe (one transfer's storage thread).
 */
final class EarlyWriteBack {

    private static final long MIN_INTERVAL = 256 * 1024;
    private static final boolean OFF = Boolean.getBoolean("walferry.noEarlyWriteBack");
    /**
     * No queue: a sync starts at once on an idle or new thread (at most 32), or is skipped; so the commit only ever
     * waits for a sync that is already running, never for one queued behind other transfers'.
     */
    private static final ExecutorService SYNCER =
            new ThreadPoolExecutor(0, 32, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
                Thread t = new Thread(r, "walferry-write-back");
                t.setDaemon(true);
                return t;
            });

    private final FileSystemOps ops;
    private final FileChannel channel;
    private final Path path;
    private final long interval;
    private final long declaredSize;
    private long nextAt;
    private Future<?> pending;
    private Throwable failure;

    EarlyWriteBack(FileSystemOps ops, FileChannel channel, Path path, long declaredSize) {
        this.ops = ops;
        this.channel = channel;
        this.path = path;
        this.interval = Math.max(MIN_INTERVAL, declaredSize / 4);
        this.declaredSize = declaredSize;
        this.nextAt = interval;
    }

    /** Called after each write with the bytes written so far; starts a sync when due and none is running. */
    void written(long total) throws InterruptedIOException {
        if (OFF || total < nextAt || total + interval > declaredSize) {
            return; // not due, or so near the end that the commit's fsync follows at once anyway
        }
        nextAt = total + interval;
        if (pending != null && !pending.isDone()) {
            return;
        }
        collect();
        if (failure == null) {
            try {
                pending = SYNCER.submit(() -> {
                    ops.flushData(channel, path);
                    return null;
                });
            } catch (RejectedExecutionException busy) {
                pending = null; // 32 syncs running: skip this one, the commit's fsync covers it
            }
        }
    }

    /** Waits for the sync in flight; throws if any early sync failed. Call before the commit's fsync. */
    void finish() throws IOException {
        collect();
        if (failure != null) {
            throw failure instanceof IOException io ? io : new IOException(failure.toString(), failure);
        }
    }

    /** The transfer is abandoned: a sync in flight may run on, its outcome no longer matters. */
    void abandon() {
        if (pending != null) {
            pending.cancel(false);
            pending = null;
        }
    }

    /** Waits for the sync in flight, if any (in {@link #written} it is already done), and keeps its failure. */
    private void collect() throws InterruptedIOException {
        if (pending == null) {
            return;
        }
        try {
            pending.get();
        } catch (ExecutionException e) {
            failure = e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the write-back of " + path);
        } finally {
            pending = null;
        }
    }
}
