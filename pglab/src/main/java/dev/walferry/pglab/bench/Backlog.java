package dev.walferry.pglab.bench;

import dev.walferry.pgctl.PgCluster;
import dev.walferry.pglab.demo.ArchiverStats;
import java.time.Duration;
import java.util.Map;

/**
 * A primary whose archiving can be paused ({@code archive_command = ''}: PostgreSQL then keeps every completed
 * segment as {@code .ready}) and resumed with a given command, to time how fast an archive_command drains a backlog.
 */
public final class Backlog {

    private final PgCluster pg;

    public Backlog(PgCluster pg) {
        this.pg = pg;
    }

    public void pause() {
        setCommand("");
    }

    /** Completes {@code count} segments with some pgbench work in each; returns the last one's name. */
    public String grow(int count) {
        String last = null;
        for (int i = 0; i < count; i++) {
            pg.pgbench(2, 300);
            last = pg.switchWal();
        }
        return last;
    }

    /** Sets the archive command and waits until {@code last} is archived and nothing is ready; returns nanoseconds. */
    public long drain(String archiveCommand, String last, Duration limit) {
        long t0 = System.nanoTime();
        setCommand(archiveCommand);
        pg.waitUntil("backlog drained up to " + last, limit, c -> {
            ArchiverStats s = ArchiverStats.of(c);
            return s.backlog() == 0 && s.lastArchived().compareTo(last) >= 0;
        });
        return System.nanoTime() - t0;
    }

    private void setCommand(String command) {
        pg.configure(Map.of("archive_command", command));
        pg.query("SELECT pg_reload_conf()");
    }
}
