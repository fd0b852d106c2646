package dev.walferry.cli.archive;

import java.io.PrintWriter;
import java.util.Locale;

/** A one-line progress bar redrawn with CR on a terminal, at most {@value #REDRAWS_PER_SECOND} times a second. */
final class ProgressBar {

    static final int REDRAWS_PER_SECOND = 10;
    private static final int WIDTH = 30;

    private final PrintWriter out;
    private final String label;
    private long lastDraw;
    private boolean drawn;

    ProgressBar(PrintWriter out, String label) {
        this.out = out;
        this.label = label;
    }

    /** Redraws if due; safe to call from several threads. */
    synchronized void update(long done, long total) {
        long now = System.nanoTime();
        if (drawn && now - lastDraw < 1_000_000_000L / REDRAWS_PER_SECOND && done < total) {
            return;
        }
        lastDraw = now;
        drawn = true;
        int filled = total == 0 ? WIDTH : (int) (WIDTH * done / total);
        String bar = "#".repeat(filled) + ".".repeat(WIDTH - filled);
        out.print(String.format(
                Locale.ROOT,
                "\r%s [%s] %3d%% %s / %s",
                label,
                bar,
                total == 0 ? 100 : 100 * done / total,
                Text.bytes(done),
                Text.bytes(total)));
        out.flush();
    }

    /** Ends the bar's line, if one was drawn. */
    synchronized void finish() {
        if (drawn) {
            out.println();
            out.flush();
        }
    }
}
