package dev.walferry.client.restore;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** Pauses between retries of an unreachable receiver: 100 ms doubling to 5 s, never past a deadline. */
public final class Backoff {

    private long nanos = TimeUnit.MILLISECONDS.toNanos(100);

    public void pause(long deadlineNanos) {
        long left = deadlineNanos - System.nanoTime();
        LockSupport.parkNanos(Math.max(0, Math.min(nanos, left)));
        nanos = Math.min(nanos * 2, TimeUnit.SECONDS.toNanos(5));
    }
}
