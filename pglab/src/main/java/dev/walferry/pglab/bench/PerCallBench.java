package dev.walferry.pglab.bench;

import dev.walferry.pgctl.ProcessResult;
import dev.walferry.pgctl.ProcessRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One process per segment, as PostgreSQL runs archive_command: {@code cp + sync} into a local directory, and
 * {@code walferry push} to the receiver; optionally rsync over ssh to 127.0.0.1.
 */
public final class PerCallBench {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private final ProcessRunner runner;

    public PerCallBench(ProcessRunner runner) {
        this.runner = runner;
    }

    public List<Long> shell(List<Path> segments, String template) {
        List<Long> times = new ArrayList<>();
        for (Path seg : segments) {
            String cmd = template.replace("%p", seg.toString())
                    .replace("%f", seg.getFileName().toString());
            long t0 = System.nanoTime();
            ProcessResult r = runner.run(List.of("sh", "-c", cmd), TIMEOUT);
            times.add(System.nanoTime() - t0);
            if (!r.succeeded()) {
                throw new IllegalStateException("failed: " + cmd + ": " + r.outputTail());
            }
        }
        return times;
    }
}
