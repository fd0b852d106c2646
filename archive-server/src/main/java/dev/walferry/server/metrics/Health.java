package dev.walferry.server.metrics;

import java.util.List;

/** What {@code /health} reports: healthy, or the reasons why not. */
@FunctionalInterface
public interface Health {

    Status check();

    /** The answer: {@code text} is "ok" or the problems, one per line. */
    record Status(boolean healthy, String text) {

        public static Status ok() {
            return new Status(true, "ok");
        }

        /** Healthy when {@code problems} is empty. */
        public static Status of(List<String> problems) {
            return problems.isEmpty() ? ok() : new Status(false, String.join("\n", problems));
        }
    }
}
