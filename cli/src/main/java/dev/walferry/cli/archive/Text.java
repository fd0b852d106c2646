package dev.walferry.cli.archive;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** How the text outputs print sizes, times and ages. */
final class Text {

    private Text() {}

    /** 1536 → "1.5 KiB"; below 1 KiB in bytes. */
    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    /** ISO-8601 UTC to the second, as in the JSON outputs. */
    static String time(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** 3725 → "1 h 2 min"; 42 → "42 s". */
    static String age(long seconds) {
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return seconds / 60 + " min " + seconds % 60 + " s";
        }
        if (seconds < 86400) {
            return seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
        }
        return seconds / 86400 + " d " + seconds % 86400 / 3600 + " h";
    }

    /**
     * Parses a duration for {@code --max-age}: a number of seconds, or a number with suffix s, m, h or d.
     *
     * @throws IllegalArgumentException naming the value
     */
    static long parseSeconds(String s) {
        String t = s.strip().toLowerCase(Locale.ROOT);
        long unit = 1;
        if (!t.isEmpty() && "smhd".indexOf(t.charAt(t.length() - 1)) >= 0) {
            unit = switch (t.charAt(t.length() - 1)) {
                case 'm' -> 60;
                case 'h' -> 3600;
                case 'd' -> 86400;
                default -> 1;
            };
            t = t.substring(0, t.length() - 1);
        }
        try {
            long v = Long.parseLong(t);
            if (v < 0) {
                throw new NumberFormatException();
            }
            return Math.multiplyExact(v, unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("\"" + s + "\" is not a duration (e.g. 300, 90s, 15m, 2h, 1d)");
        }
    }
}
