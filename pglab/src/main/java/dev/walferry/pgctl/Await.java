package dev.walferry.pgctl;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a real condition by polling it until a deadline; never a fixed sleep standing in for one. */
public final class Await {

    /** Pause between two checks of the condition. */
    static final Duration POLL_INTERVAL = Duration.ofMillis(50);

    private Await() {}

    /**
     * Returns as soon as {@code condition} holds.
     *
     * @param what the condition in words, for the timeout message
     * @throws PgException when it does not hold within {@code timeout}
     */
    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new PgException("timed out after " + timeout.toMillis() + " ms waiting for " + what);
            }
            try {
                Thread.sleep(POLL_INTERVAL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PgException("interrupted while waiting for " + what, e);
            }
        }
    }
}
