package dev.walferry.client.agent;

import dev.walferry.client.push.ReadyQueue;
import dev.walferry.client.spool.AckSpool;
import dev.walferry.client.spool.AgentLock;
import dev.walferry.client.spool.Requests;
import dev.walferry.protocol.wal.WalFileName;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The push-agent's main loop: wakes on every change in the spool directory (inotify through {@link WatchService})
 * and at least twice a second; queues the files push calls ask for, then fills the ship-ahead queue from the
 * {@code .ready} files of each pg_wal directory it knows (given with --pgdata, or learnt from the requests), and
 * every few seconds prunes stale acknowledgements and error files and re-publishes {@code agent.pid}.
 * PostgreSQL's status files are only read, never changed.
 */
public final class PushAgent {

    private static final int MAX_WAL_DIRS = 8;
    private static final long HOUSEKEEPING_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Path spoolDir;
    private final AckSpool spool;
    private final Requests requests;
    private final AgentJobs jobs;
    private final AgentLock lock;
    private final int aheadLimit;
    private final Set<Path> walDirs = new LinkedHashSet<>();
    private final AgentLog log;
    private volatile boolean stopped;

    public PushAgent(
            Path spoolDir,
            String target,
            AckSpool spool,
            AgentJobs jobs,
            AgentLock lock,
            int aheadLimit,
            AgentLog log) {
        this.spoolDir = spoolDir;
        this.spool = spool;
        this.requests = new Requests(spoolDir, target);
        this.jobs = jobs;
        this.lock = lock;
        this.aheadLimit = aheadLimit;
        this.log = log;
    }

    public Requests requests() {
        return requests;
    }

    /** Ships ahead from {@code pgWal} (a pg_wal directory with archive_status) from the start. */
    public void watchWalDir(Path pgWal) {
        learn(pgWal);
    }

    public void stop() {
        stopped = true;
    }

    public void run() throws IOException, InterruptedException {
        try (WatchService ws = FileSystems.getDefault().newWatchService()) {
            spoolDir.register(ws, StandardWatchEventKinds.ENTRY_CREATE);
            long housekeeping = System.nanoTime();
            while (!stopped) {
                for (Requests.Request r : requests.drain()) {
                    jobs.request(r.name(), r.path());
                    learn(r.path().getParent());
                }
                if (aheadLimit > 0) {
                    shipAhead();
                }
                if (System.nanoTime() - housekeeping >= 0) {
                    housekeeping = System.nanoTime() + HOUSEKEEPING_NANOS;
                    houseKeeping();
                }
                WatchKey k = ws.poll(500, TimeUnit.MILLISECONDS);
                if (k != null) {
                    k.pollEvents();
                    k.reset();
                }
            }
        }
    }

    private void learn(Path dir) {
        if (dir != null
                && !walDirs.contains(dir)
                && walDirs.size() < MAX_WAL_DIRS
                && Files.isDirectory(dir.resolve("archive_status"))) {
            walDirs.add(dir);
            log.info("shipping ahead the .ready files of " + dir);
        }
    }

    private void shipAhead() {
        for (Path pgWal : walDirs) {
            int room = aheadLimit - jobs.aheadCount();
            if (room <= 0) {
                return;
            }
            for (WalFileName n : ReadyQueue.list(pgWal, null, aheadLimit * 2)) {
                if (room <= 0) {
                    break;
                }
                if (!spool.has(n.toString()) && jobs.offerAhead(n, pgWal.resolve(n.toString()))) {
                    room--;
                }
            }
        }
    }

    private void houseKeeping() {
        spool.prune(60_000, name -> walDirs.stream().anyMatch(d -> Files.exists(d.resolve(name))));
        requests.prune(System.currentTimeMillis());
        try {
            lock.publish();
        } catch (IOException e) {
            log.info("cannot write " + spoolDir.resolve(AgentLock.PID_FILE) + " (push calls will not find this agent): "
                    + e.getMessage());
        }
    }
}
