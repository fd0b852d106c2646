package dev.walferry.server.net;

import dev.walferry.protocol.wal.WalFileName;
import dev.walferry.server.storage.ArchiveStorage;
import dev.walferry.server.storage.StoredFile;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * GET requests waiting for a file that has not arrived yet. Each storage notifies arrivals; a waiter is
 * completed exactly once: with the file when it arrives, or with empty when its time is up. Callbacks run on the
 * requesting channel's executor.
 */
public final class ArrivalWaiters {

    private final Map<ArchiveStorage, Map<WalFileName, List<Wait>>> byArchive = new ConcurrentHashMap<>();

    /** Subscribes to a storage's arrivals; call once per archive at start-up. */
    public void watch(ArchiveStorage storage) {
        Map<WalFileName, List<Wait>> waiting = byArchive.computeIfAbsent(storage, s -> new ConcurrentHashMap<>());
        storage.addArrivalListener(f -> {
            List<Wait> ws = waiting.remove(f.name());
            if (ws != null) {
                ws.forEach(w -> w.complete(Optional.of(f)));
            }
        });
    }

    Wait await(
            ArchiveStorage storage,
            WalFileName name,
            long millis,
            EventExecutor executor,
            Consumer<Optional<StoredFile>> callback)
            throws IOException {
        Map<WalFileName, List<Wait>> waiting = byArchive.get(storage);
        Wait w = new Wait(waiting, name, executor, callback);
        waiting.compute(name, (n, ws) -> {
            List<Wait> list = ws != null ? ws : new CopyOnWriteArrayList<>();
            list.add(w);
            return list;
        });
        // The file may have arrived between the caller's lookup and the registration above.
        Optional<StoredFile> now = storage.lookup(name);
        if (now.isPresent()) {
            w.complete(now);
        } else {
            w.timeout = executor.schedule(() -> w.complete(Optional.empty()), millis, TimeUnit.MILLISECONDS);
        }
        return w;
    }

    /** One waiting request. */
    static final class Wait {
        private final Map<WalFileName, List<Wait>> waiting;
        private final WalFileName name;
        private final EventExecutor executor;
        private final Consumer<Optional<StoredFile>> callback;
        private final AtomicBoolean done = new AtomicBoolean();
        private volatile ScheduledFuture<?> timeout;

        Wait(
                Map<WalFileName, List<Wait>> waiting,
                WalFileName name,
                EventExecutor executor,
                Consumer<Optional<StoredFile>> callback) {
            this.waiting = waiting;
            this.name = name;
            this.executor = executor;
            this.callback = callback;
        }

        void complete(Optional<StoredFile> file) {
            if (done.compareAndSet(false, true)) {
                detach();
                executor.execute(() -> callback.accept(file));
            }
        }

        void cancel() {
            if (done.compareAndSet(false, true)) {
                detach();
            }
        }

        private void detach() {
            ScheduledFuture<?> t = timeout;
            if (t != null) {
                t.cancel(false);
            }
            // drop the list once empty, so names waited for once do not pile up in the map
            waiting.computeIfPresent(name, (n, ws) -> {
                ws.remove(this);
                return ws.isEmpty() ? null : ws;
            });
        }
    }
}
