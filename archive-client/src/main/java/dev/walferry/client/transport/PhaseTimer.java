package dev.walferry.client.transport;

import java.util.ArrayList;
import java.util.List;

/**
 * Where one command run spent its time, for {@code --timing} and docs/performance.md. The first phase,
 * "JVM start", is the JVM's uptime when the timer was created (JVM boot, class loading, picocli parsing).
 * Disabled timers cost a branch per mark.
 */
public final class PhaseTimer {

    private final boolean enabled;
    private final List<String> phases = new ArrayList<>();
    private long last;

    public PhaseTimer(boolean enabled) {
        this.enabled = enabled;
        if (enabled) {
            // JVM uptime: the process start time in /proc is too coarse (its boot-time base has 1 s resolution)
            phases.add("JVM start "
                    + java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() + " ms");
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
