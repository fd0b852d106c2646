package dev.walferry.client.agent;

import dev.walferry.client.failure.ExitCode;
import dev.walferry.client.failure.WalferryException;
import dev.walferry.client.push.Acknowledgement;
import dev.walferry.client.push.LocalWalFile;
import dev.walferry.client.push.SegmentPusher;
import dev.walferry.client.spool.Ack;
import dev.walferry.client.spool.AckSpool;
import dev.walferry.client.spool.AgentLock;
import dev.walferry.client.spool.FileStamp;
import dev.walferry.client.spool.Requests;
import dev.walferry.client.transport.ReceiverConnection;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One connection of the push-agent: takes jobs, pushes each file with {@link SegmentPusher} and records the
 * receiver's durable acknowledgement in the spool, where the waiting launcher finds it. The acknowledgement is
 * recorded only when the file is unchanged (size, modification time, inode) from before it was read to after the
 * receiver answered. A warm connection that turns out to be closed (receiver restart, idle timeout) is replaced
 * once, at once. After any failure the connection is closed and opened again for the next job, with a growing
 * pause while the receiver stays unreachable.
 */
public final class AgentWorker implements Runnable {

    private static final long MAX_PAUSE_MILLIS = 5_000;
    /** How long a file refused for itself (not for the transport) is not shipped ahead again. */
    private static final long HOLD_OFF_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(60);

    private final AgentJobs jobs;
    private final AckSpool spool;
    private final Requests requests;
    private final Supplier<ReceiverConnection> connect;
    private final String archive;
    private final String target;
    private final int level;
    private final AgentLog log;
    private final AgentLock lock;
    private SegmentPusher pusher;
    private long pauseMillis;

    public AgentWorker(
            AgentJobs jobs,
            AckSpool spool,
            Requests requests,
            Supplier<ReceiverConnection> connect,
            String archive,
            String target,
            int level,
            AgentLog log,
            AgentLock lock) {
        this.jobs = jobs;
        this.spool = spool;
        this.requests = requests;
        this.connect = connect;
        this.archive = archive;
        this.target = target;
        this.level = level;
        this.log = log;
        this.lock = lock;
    }

    @Override
    public void run() {
        try {
            for (Optional<AgentJobs.Job> j = jobs.take(); j.isPresent(); j = jobs.take()) {
                AgentJobs.Job job = j.get();
                try {
                    Recorded ack = push(job);
                    AgentJobs.Job now = jobs.finish(job, true);
                    if (now != job && now.requested()) {
                        recordAgain(now, ack);
                    }
                    pauseMillis = 0;
                } catch (WalferryException e) {
                    AgentJobs.Job now = jobs.finish(job, false);
                    disconnect();
                    if (!now.requested() && !java.nio.file.Files.exists(job.path())) {
                        continue; // a ready file archived and recycled by PostgreSQL meanwhile is no news
                    }
                    failed(now, e.exitCode().code(), e.getMessage());
                    if (isTransport(e.exitCode())) {
                        jobs.dropAhead();
                        pause();
                    } else {
                        jobs.holdOff(job.name(), HOLD_OFF_NANOS);
                    }
                } catch (java.nio.file.NoSuchFileException e) {
                    AgentJobs.Job now = jobs.finish(job, false);
                    if (now.requested()) { // a ready file that was archived and recycled meanwhile is no news
                        failed(now, ExitCode.LOCAL_IO.code(), "cannot read " + e.getFile() + ": no such file");
                    }
                } catch (IOException | RuntimeException e) {
                    failed(jobs.finish(job, false), ExitCode.INTERNAL.code(), e.toString());
                    disconnect();
                    jobs.holdOff(job.name(), HOLD_OFF_NANOS);
                } catch (Error e) {
                    halt(e);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            disconnect();
        }
    }

    /**
     * A push call asked for this file while it was pushed (ahead, or for an earlier call), and may have removed the
     * ack just recorded (it drops an ack that did not match before asking): record it again for that call, or tell
     * it to push the file itself.
     */
    private void recordAgain(AgentJobs.Job now, Recorded ack) {
        try {
            spool.record(ack.name(), ack.ack());
        } catch (IOException | RuntimeException e) {
            failed(now, ExitCode.LOCAL_IO.code(), "cannot record the acknowledgement: " + e);
        }
    }

    /**
     * Out of memory or worse: this agent can no longer be trusted to answer. Vanish at once, so that waiting push
     * calls see it dead and push themselves, and systemd starts a fresh one. Also the worker threads' uncaught
     * exception handler.
     */
    public static void halt(AgentLock lock, AgentLog log, Throwable e) {
        try {
            log.info("fatal, halting: " + e);
            lock.abandon();
        } catch (Throwable ignored) {
            // halting anyway
        } finally {
            Runtime.getRuntime().halt(70);
        }
    }

    private void halt(Throwable e) {
        halt(lock, log, e);
    }

    /** A recorded acknowledgement and the name it was recorded for. */
    private record Recorded(String name, Ack ack) {}

    private Recorded push(AgentJobs.Job job) throws IOException {
        long t0 = System.nanoTime();
        FileStamp before = FileStamp.of(job.path());
        LocalWalFile file = LocalWalFile.check(job.path(), job.name().toString());
        boolean warm = pusher != null;
        Acknowledgement ack;
        try {
            ack = connected().push(file);
        } catch (WalferryException e) {
            if (!warm || !isStale(e.exitCode())) {
                throw e;
            }
            // The warm connection was closed under us (receiver restarted, or its idle timeout on a quiet primary):
            // once more on a new connection. Safe: the receiver discarded the cut transfer, and a file it did store
            // is acknowledged again as identical.
            disconnect();
            ack = connected().push(file);
        }
        if (!before.equals(FileStamp.of(job.path()))) {
            throw new WalferryException(ExitCode.BAD_FILE, job.path() + " changed while it was pushed; pushing again");
        }
        Recorded recorded = new Recorded(ack.name(), Ack.of(ack.size(), ack.sha256(), before, target));
        spool.record(recorded.name(), recorded.ack());
        log.pushed(ack, job.requested(), System.nanoTime() - t0);
        return recorded;
    }

    private SegmentPusher connected() {
        if (pusher == null) {
            pusher = new SegmentPusher(connect.get(), archive, level, true);
        }
        return pusher;
    }

    /** How a connection the receiver closed while it was idle fails the next push (not a timeout: no retry). */
    private static boolean isStale(ExitCode c) {
        return c == ExitCode.CONNECT || c == ExitCode.PROTOCOL;
    }

    private void failed(AgentJobs.Job job, int code, String message) {
        if (job.requested()) {
            requests.fail(job.name().toString(), code, message);
        }
        log.failed(job.name().toString(), job.requested(), message);
    }

    private static boolean isTransport(ExitCode c) {
        return c == ExitCode.CONNECT || c == ExitCode.TLS_AUTH || c == ExitCode.TIMEOUT || c == ExitCode.PROTOCOL;
    }

    /** Waits before the next connection attempt: 0.5 s, doubling to 5 s while failures go on. */
    private void pause() throws InterruptedException {
        pauseMillis = pauseMillis == 0 ? 500 : Math.min(MAX_PAUSE_MILLIS, pauseMillis * 2);
        Thread.sleep(pauseMillis);
    }

    private void disconnect() {
        if (pusher != null) {
            try {
                pusher.close();
            } catch (RuntimeException ignored) {
                // closing a broken connection
            }
            pusher = null;
        }
    }
}
