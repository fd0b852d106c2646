package dev.walferry.pglab.demo;

import dev.walferry.pgctl.PgCluster;
import dev.walferry.pgctl.PgTools;
import dev.walferry.pgctl.PgbenchRun;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One run of {@code walferry demo}: the steps of {@link WarmStandbyLab}, narrated, timed and checked. */
public final class DemoRun {

    private static final Pattern WIRE = Pattern.compile("stored \\S+ from \\S+: (\\d+) bytes \\((\\d+) on the wire\\)");

    private final PrintWriter out;
    private final PgTools tools;
    private final Path home;
    private final int scale;
    private final int seconds;
    private final int clients;
    private final List<String[]> timings = new ArrayList<>();
    private final boolean terminal = System.console() != null;

    public DemoRun(PrintWriter out, PgTools tools, Path home, int scale, int seconds, int clients) {
        this.out = out;
        this.tools = tools;
        this.home = home;
        this.scale = scale;
        this.seconds = seconds;
        this.clients = clients;
    }

    /** Runs the story; returns whether the data comparison passed. */
    public boolean execute(boolean keep) {
        long start = System.nanoTime();
        WarmStandbyLab lab = step(
                "install walferry and make certificates", () -> WarmStandbyLab.create(tools, home, "walferry-demo-"));
        boolean ok = false;
        try {
            out.println("  workspace " + lab.root() + " (PostgreSQL "
                    + tools.binaries().majorVersion() + ", as OS user "
                    + tools.user().name() + ")");
            step("start receiver", lab::startReceiver);
            out.println("  receiver " + lab.receiver().address() + ", archive " + lab.archiveDir() + ", log "
                    + lab.receiver().logFile());
            PgCluster primary = step("start primary, pgbench -i -s " + scale, () -> lab.startPrimary(scale));
            out.println("  archive_command = '" + primary.query("SHOW archive_command") + "'");
            step("start the push-agent (keeps TLS connections open for archive_command)", lab::startPushAgent);
            out.println(
                    "  " + lab.pushAgent().log().lines().findFirst().orElse("").replaceFirst("^\\S+ ", ""));
            PgCluster standby = step("base backup (WAL from the archive), start standby", lab::startStandby);
            out.println("  restore_command = '" + standby.query("SHOW restore_command") + "'");
            PgbenchRun bench =
                    step("pgbench " + seconds + " s, " + clients + " clients", () -> load(lab, primary, standby));
            out.println("  " + bench.processed() + " transactions");
            WarmStandbyLab.Switch last = step("switch WAL, wait until archived and replayed", () -> {
                WarmStandbyLab.Switch s = lab.switchWal(primary);
                lab.awaitArchived(primary, s.segment());
                lab.awaitReplayed(standby, s.lsn());
                return s;
            });
            out.println("  last segment " + last.segment() + ", standby replayed "
                    + standby.lastReplayLsn().orElse("?"));
            ArchiverStats stats = ArchiverStats.of(primary);
            Map<String, String> before =
                    step("checksum pgbench tables on the primary", () -> TableChecksums.of(primary));
            step("fail over: stop primary, promote standby", () -> {
                lab.failover();
                return null;
            });
            Map<String, String> after =
                    step("checksum pgbench tables on the promoted standby", () -> TableChecksums.of(standby));
            step("wait for 00000002.history from the promoted node", () -> {
                standby.waitUntil(
                        "00000002.history archived",
                        Duration.ofMinutes(2),
                        c -> java.nio.file.Files.exists(lab.archiveDir().resolve("00000002.history")));
                return null;
            });
            ok = before.equals(after) && stats.failed() == 0;
            summary(lab, stats, before, after, ok, System.nanoTime() - start);
            if (keep) {
                keepRunning(lab);
            }
            return ok;
        } finally {
            if (!keep) {
                step("stop everything and clean up", () -> {
                    lab.close();
                    return null;
                });
            }
        }
    }

    private PgbenchRun load(WarmStandbyLab lab, PgCluster primary, PgCluster standby) {
        CompletableFuture<PgbenchRun> bench =
                CompletableFuture.supplyAsync(() -> primary.pgbenchFor(clients, Duration.ofSeconds(seconds)));
        long t0 = System.nanoTime();
        long lastLine = 0;
        while (!bench.isDone()) {
            long elapsed = (System.nanoTime() - t0) / 1_000_000_000L;
            String line = progress(lab, primary, standby, elapsed);
            if (terminal) {
                out.print("\r  " + line + "   ");
                out.flush();
            } else if (elapsed - lastLine >= 5) {
                out.println("  " + line);
                lastLine = elapsed;
            }
            try {
                bench.get(1, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException stillRunning) {
                // next progress line
            } catch (Exception e) {
                break;
            }
        }
        if (terminal) {
            out.println();
        }
        return bench.join();
    }

    private String progress(WarmStandbyLab lab, PgCluster primary, PgCluster standby, long elapsed) {
        try {
            ArchiverStats s = ArchiverStats.of(primary);
            long[] files = lab.archiveFilesAndBytes();
            long[] wire = wireBytes(lab);
            return String.format(
                    "%3ds | shipped %d segments, %s (%s on the wire) | backlog %d .ready | failures %d |"
                            + " standby at %s",
                    elapsed,
                    s.archived(),
                    mib(files[1]),
                    mib(wire[1]),
                    s.backlog(),
                    s.failed(),
                    standby.lastReplayLsn().orElse("?"));
        } catch (RuntimeException e) {
            return String.format("%3ds | (stats unavailable: %s)", elapsed, e.getMessage());
        }
    }

    /** Raw and on-the-wire bytes of the files the receiver stored, from its log. */
    private static long[] wireBytes(WarmStandbyLab lab) {
        long[] r = new long[2];
        Matcher m = WIRE.matcher(lab.receiver().log());
        while (m.find()) {
            r[0] += Long.parseLong(m.group(1));
            r[1] += Long.parseLong(m.group(2));
        }
        return r;
    }

    private void summary(
            WarmStandbyLab lab,
            ArchiverStats stats,
            Map<String, String> before,
            Map<String, String> after,
            boolean ok,
            long nanos) {
        out.println();
        out.println("Data on the promoted standby vs the old primary:");
        for (String table : before.keySet()) {
            String b = before.get(table);
            String a = after.get(table);
            out.printf("  %-18s %-50s %s%n", table, b, Objects.equals(a, b) ? "equal" : "DIFFERENT: " + a);
        }
        long[] files = lab.archiveFilesAndBytes();
        long[] wire = wireBytes(lab);
        out.println();
        out.println("Summary:");
        out.printf(
                "  archived by the primary: %d files, %d failed archive_command calls%n",
                stats.archived(), stats.failed());
        out.printf(
                "  archive: %d files, %s; on the wire %s (%.0f %% of raw)%n",
                files[0], mib(files[1]), mib(wire[1]), wire[0] == 0 ? 0.0 : 100.0 * wire[1] / wire[0]);
        lab.pushAgent()
                .log()
                .lines()
                .filter(l -> l.contains("push-agent: stopping: "))
                .findFirst()
                .ifPresent(l -> out.println("  push-agent: " + l.substring(l.indexOf("stopping: ") + 10)));
        lab.pushAgent()
                .log()
                .lines()
                .filter(l -> l.contains("push-agent: could not "))
                .forEach(l -> out.println("    " + l));
        for (String[] t : timings) {
            out.printf("  %-60s %s%n", t[0], t[1]);
        }
        out.printf("  %-60s %.1f s%n", "total", nanos / 1e9);
        out.println(
                ok ? "RESULT: OK: the promoted standby has exactly the primary's data." : "RESULT: FAILED: see above.");
    }

    private void keepRunning(WarmStandbyLab lab) {
        out.println();
        out.println("Left running (--keep):");
        out.println("  new primary (promoted): psql -h 127.0.0.1 -p "
                + lab.standby().port() + " -U postgres");
        out.println("  receiver pid " + lab.receiver().pid() + ", log "
                + lab.receiver().logFile());
        out.println("  archive status: " + lab.walferry().launcher() + " archive status --dir " + lab.archiveDir());
        out.println("  stop: " + "pg_ctl -D " + lab.standby().dataDir() + " stop; kill "
                + lab.receiver().pid() + "; rm -rf " + lab.root()
                + (tools.user().switchesUser() ? " (pg_ctl as the postgres user)" : ""));
    }

    private <T> T step(String what, java.util.function.Supplier<T> action) {
        out.println("== " + what);
        out.flush();
        long t0 = System.nanoTime();
        T result = action.get();
        timings.add(new String[] {what, String.format("%.1f s", (System.nanoTime() - t0) / 1e9)});
        return result;
    }

    private static String mib(long bytes) {
        return String.format("%.1f MiB", bytes / 1048576.0);
    }
}
