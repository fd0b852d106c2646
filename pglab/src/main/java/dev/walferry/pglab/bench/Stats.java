package dev.walferry.pglab.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Median, mean and 90th percentile of a sample of durations in nanoseconds. */
public record Stats(int n, double medianMs, double meanMs, double p90Ms) {

    public static Stats of(List<Long> nanos) {
        List<Long> s = new ArrayList<>(nanos);
        Collections.sort(s);
        double mean = s.stream().mapToLong(Long::longValue).average().orElse(0) / 1e6;
        return new Stats(
                s.size(),
                s.get(s.size() / 2) / 1e6,
                mean,
                s.get(Math.min(s.size() - 1, (int) Math.ceil(s.size() * 0.9) - 1)) / 1e6);
    }

    @Override
    public String toString() {
        return String.format("median %.0f ms, mean %.0f ms, p90 %.0f ms (n=%d)", medianMs, meanMs, p90Ms, n);
    }
}
