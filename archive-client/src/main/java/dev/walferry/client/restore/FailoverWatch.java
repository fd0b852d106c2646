package dev.walferry.client.restore;

import dev.walferry.client.restore.Trigger.Failover;
import dev.walferry.client.transport.ReceiverConnection;
import java.io.PrintWriter;
import sun.misc.Signal;

/**
 * What may end {@code restore --wait} early: the trigger file, and SIGUSR1 (fast failover, as for pg_standby).
 * A signal wakes the waiting thread at once: it aborts the connection the thread is blocked on, or ends its pause.
 * SIGUSR1 is handled through {@code sun.misc.Signal} (module jdk.unsupported); when the JVM refuses the handler
 * (e.g. run with {@code -Xrs}), a warning says so and only the trigger file works.
 */
public final class FailoverWatch {

    private final Trigger trigger;
    private volatile boolean signaled;
    private volatile ReceiverConnection current;

    private FailoverWatch(Trigger trigger) {
        this.trigger = trigger;
    }

    /**
     * @param trigger the trigger file, or null without {@code --trigger}
     */
    public static FailoverWatch install(Trigger trigger, PrintWriter err) {
        FailoverWatch w = new FailoverWatch(trigger);
        try {
            Signal.handle(new Signal("USR1"), s -> w.signal());
        } catch (IllegalArgumentException e) {
            err.println("walferry restore: warning: cannot handle SIGUSR1 in this JVM (" + e.getMessage()
                    + "); use the trigger file for fast failover");
        }
        return w;
    }

    /** The failover asked for now: SIGUSR1 means fast, else what the trigger file says. */
    Failover check() {
        if (signaled) {
            return Failover.FAST;
        }
        return trigger == null ? Failover.NONE : trigger.check();
    }

    boolean signaled() {
        return signaled;
    }

    /** Where the current failover request comes from, for messages. */
    String source() {
        return signaled ? "SIGUSR1" : "trigger file " + trigger.file();
    }

    /** The connection a signal must abort; null when there is none. */
    void watching(ReceiverConnection c) {
        current = c;
        if (c != null && signaled) {
            c.abort();
        }
    }

    /** Sleeps up to {@code millis}, returning early on SIGUSR1. */
    synchronized void pause(long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        long left = millis;
        while (!signaled && left > 0) {
            try {
                wait(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            left = (deadline - System.nanoTime()) / 1_000_000L;
        }
    }

    private void signal() {
        signaled = true;
        ReceiverConnection c = current;
        if (c != null) {
            c.abort();
        }
        synchronized (this) {
            notifyAll();
        }
    }
}
