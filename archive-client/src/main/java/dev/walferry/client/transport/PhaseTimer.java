package dev.walferry.client.transport;

import java.util.ArrayList;
import java.util.List;

/**
 * Where one command run spent its time, for {@code --timing} and docs/performance.md. The first phase,
 * "JVM start", runs from the process start (as the OS saw it) to the timer's creation. Disabled timers cost a
 * branch per mark.
 */
public final class PhaseTimer {

    private final boolean enabled;
    private final List<String> phases = new ArrayList<>();
    private long last;

    public PhaseTimer(boolean enabled) {
        this.enabled = enabled;
        if (enabled) {
            long now = System.currentTimeMillis();
            long started = ProcessHandle.current().info().startInstant().map(i -> i.toEpochMilli()).orElse(now);
            phases.add("JVM start " + (now - started) + " ms");
            last = System.nanoTime();
        }
    }

    public void mark(String phase) {
        if (enabled) {
            long now = System.nanoTime();
            phases.add(phase + " " + (now - last) / 1_000_000 + " ms");
            last = now;
        }
    }

    @Override
    public String toString() {
        return String.join(", ", phases);
    }
}
