package dev.walferry.cli.bench;

import dev.walferry.cli.options.CommonOptions;
import dev.walferry.pgctl.CopyArchive;
import dev.walferry.pgctl.InitOptions;
import dev.walferry.pgctl.PgCluster;
import dev.walferry.pgctl.PgTools;
import dev.walferry.pgctl.PgWorkspace;
import dev.walferry.pgctl.ProcessRunner;
import dev.walferry.pgctl.WalMethod;
import dev.walferry.pglab.bench.Backlog;
import dev.walferry.pglab.bench.BenchSetup;
import dev.walferry.pglab.bench.CatchUp;
import dev.walferry.pglab.bench.ConcurrencyBench;
import dev.walferry.pglab.bench.PerCallBench;
import dev.walferry.pglab.bench.Stats;
import dev.walferry.pglab.demo.AgentProcess;
import dev.walferry.pglab.demo.ArchiverStats;
import dev.walferry.pglab.demo.Lsn;
import dev.walferry.pglab.demo.ReceiverProcess;
import dev.walferry.pglab.demo.WalferryInstallation;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code walferry bench}: end-to-end measurements on real PostgreSQL, each against a baseline measured in the same
 * run (docs/performance.md): per-call archive_command time, backlog drain rate, sustained archiving under pgbench,
 * restore catch-up with and without prefetch, bytes on the wire.
 */
@Command(name = "bench", description = "Measure archiving and restore against cp+fsync on real PostgreSQL.")
public final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(
            names = "--segments",
            defaultValue = "24",
            description = "Segments for the per-call test (default: ${DEFAULT-VALUE}).")
    int segments;

    @Option(
            names = "--backlog",
            defaultValue = "32",
            description = "Backlog to drain per variant (default: ${DEFAULT-VALUE}).")
    int backlog;

    @Option(
            names = "--seconds",
            defaultValue = "60",
            description = "Sustained pgbench load (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(
            names = "--catch-up",
            defaultValue = "200",
            description = "Segments for restore catch-up (default: ${DEFAULT-VALUE}).")
    int catchUpSegments;

    @Option(
            names = "--sections",
            split = ",",
            defaultValue = "per-call,concurrency,drain,sustained,catch-up",
            description = "Which parts to run (default: all: ${DEFAULT-VALUE}).")
    java.util.Set<String> sections;

    private PrintWriter out;

    @Override
    public Integer call() {
        out = spec.commandLine().getOut();
        PgTools tools = WalferryInstallation.postgres();
        Path home = WalferryInstallation.currentHome();
        PgWorkspace ws = PgWorkspace.createTemp(tools, "walferry-bench-");
        try (BenchSetup setup = new BenchSetup(ws, home)) {
            out.printf(
                    "walferry bench: PostgreSQL %d, workspace %s, %d cores%n%n",
                    tools.binaries().majorVersion(),
                    ws.root(),
                    Runtime.getRuntime().availableProcessors());
            if (sections.contains("per-call") || sections.contains("concurrency")) {
                perCall(setup);
            }
            if (sections.contains("concurrency")) {
                concurrency(setup);
            }
            if (sections.contains("drain")) {
                drain(setup);
            }
            if (sections.contains("sustained")) {
                sustained(setup, false);
                sustained(setup, true);
            }
            if (sections.contains("catch-up")) {
                catchUp(setup);
            }
            long raw = rawBytesStored(setup.receiver.log());
            long wire = BenchSetup.bytesOnWire(setup.receiver.log());
            out.printf(
                    "%nbytes on the wire vs raw (all pushes of this run): %.1f MiB of %.1f MiB (%.1f %%)%n",
                    wire / 1048576.0, raw / 1048576.0, raw == 0 ? 0 : 100.0 * wire / raw);
        } finally {
            ws.delete();
        }
        return 0;
    }

    private void perCall(BenchSetup s) {
        out.println("== per-segment archive_command, one process per segment (" + segments + " real segments)");
        Path src = s.ws.newDirectory("per-call-src");
        List<Path> all = BenchSetup.realSegments(s.ws, src, segments + WARM_UP, 10);
        List<Path> warm = all.subList(0, WARM_UP);
        List<Path> segs = all.subList(WARM_UP, all.size());
        ProcessRunner asPg = s.ws.tools().runner();
        Path cpDir = s.ws.newDirectory("per-call-cp");
        PerCallBench b = new PerCallBench(asPg);
        String push = s.walferry.shellCommand("push", s.client("per-call"), "--quiet", "%p", "%f");
        b.shell(warm.subList(0, 1), push); // warm the receiver's JIT once, as a running receiver is
        Stats cp = Stats.of(b.shell(segs, "cp %p " + cpDir + "/%f && sync " + cpDir + "/%f"));
        Stats wf = Stats.of(b.shell(segs, push));
        Stats agent;
        Stats agentOwn;
        Path spool = s.ws.newDirectory("per-call-spool");
        try (AgentProcess a = s.agent("per-call-agent", spool)) {
            String viaAgent = s.walferry.shellCommand(
                    "push", s.client("per-call-agent"), "--quiet", "--spool-dir", spool.toString(), "%p", "%f");
            b.shell(warm, viaAgent); // as an agent that has been running: connections open, hot code compiled
            agent = Stats.of(b.shell(segs, viaAgent));
            agentOwn = Stats.of(agentPushNanos(a.log(), segs));
        }
        row("cp + fsync (local)", cp.toString(), 1.0);
        row("walferry push (mutual TLS, zstd, receiver fsync)", wf.toString(), wf.medianMs() / cp.medianMs());
        row("walferry push through a running push-agent", agent.toString(), agent.medianMs() / cp.medianMs());
        row(
                "  of which the agent's push (read to durable ack)",
                agentOwn.toString(),
                agentOwn.medianMs() / cp.medianMs());
        String ssh = System.getenv("WALFERRY_BENCH_RSYNC_SSH");
        String host = System.getenv("WALFERRY_BENCH_RSYNC_HOST");
        if (ssh == null || host == null) {
            out.println("  rsync over ssh: not measured (start scripts/bench-sshd.sh and export what it prints)");
            return;
        }
        Path rsyncDir = s.ws.newDirectory("per-call-rsync");
        PerCallBench asMe = new PerCallBench(new ProcessRunner(dev.walferry.pgctl.OsUser.current()));
        Stats rs = Stats.of(asMe.shell(segs, "rsync --fsync -e '" + ssh + "' %p " + host + ":" + rsyncDir + "/%f"));
        row("rsync --fsync over ssh to 127.0.0.1", rs.toString(), rs.medianMs() / cp.medianMs());
    }

    private void concurrency(BenchSetup s) {
        out.println("== concurrent pushers, receiver heap capped at 256 MiB (-Xmx256m), in-process clients");
        try {
            List<ConcurrencyBench.Round> rounds = ConcurrencyBench.run(
                    s.walferry,
                    s.ws.root(),
                    BenchSetup.segmentsIn(s.ws.root().resolve("per-call-src")),
                    new int[] {1, 8, 32},
                    2);
            double base = rounds.get(0).mibPerSecond();
            for (ConcurrencyBench.Round r : rounds) {
                row(
                        r.clients() + " clients, " + r.pushes() + " pushes",
                        String.format("%.0f MiB/s, %d failures", r.mibPerSecond(), r.failures()),
                        r.mibPerSecond() / base);
            }
        } catch (Exception e) {
            out.println("  failed: " + e);
        }
    }

    private void drain(BenchSetup s) {
        out.println("== backlog drain: " + backlog + " ready segments, archiver alone");
        PgCluster pg = s.ws.newCluster("drain", InitOptions.defaults());
        Path spool = s.ws.newDirectory("drain-spool");
        Path cpDir = s.ws.newDirectory("drain-cp");
        pg.configure(BenchSetup.settings("archive_mode", "on", "archive_command", "", "wal_level", "replica"));
        pg.start();
        pg.pgbenchInit(10);
        Backlog b = new Backlog(pg);
        Duration limit = Duration.ofMinutes(20);
        String last = b.grow(backlog);
        long cp = b.drain("cp %p " + cpDir + "/%f && sync " + cpDir + "/%f", last, limit);
        b.pause();
        last = b.grow(backlog);
        long plain = b.drain(s.walferry.shellCommand("push", s.client("drain"), "--quiet", "%p", "%f"), last, limit);
        b.pause();
        last = b.grow(backlog);
        long ahead = b.drain(
                s.walferry.shellCommand(
                        "push", s.client("drain"), "--quiet", "--spool-dir", spool.toString(), "%p", "%f"),
                last,
                limit);
        b.pause();
        Path agentSpool = s.ws.newDirectory("drain-agent-spool");
        long agent;
        // Started before the backlog grows, without --pgdata (it learns pg_wal from the archiver's first call, so it
        // cannot ship ahead before the clock starts), and warmed up like an agent that has been running: it pushes
        // the segments the cp round copied (the same cluster's, not yet in the archive).
        try (AgentProcess a = s.agent("drain", agentSpool)) {
            String viaAgent = s.walferry.shellCommand(
                    "push", s.client("drain"), "--quiet", "--spool-dir", agentSpool.toString(), "%p", "%f");
            List<Path> copied = BenchSetup.segmentsIn(cpDir);
            new PerCallBench(s.ws.tools().runner())
                    .shell(copied.subList(0, Math.min(WARM_UP, copied.size())), viaAgent);
            last = b.grow(backlog);
            agent = b.drain(viaAgent, last, limit);
        }
        pg.close();
        row("cp + fsync", seconds(cp) + ", " + rate(cp), 1.0);
        row(
                "walferry push",
                seconds(plain) + ", " + rate(plain) + ", " + pct(cp, plain) + " of cp speed",
                (double) plain / cp);
        row(
                "walferry push + ship-ahead",
                seconds(ahead) + ", " + rate(ahead) + ", " + pct(cp, ahead) + " of cp speed",
                (double) ahead / cp);
        row(
                "walferry push + push-agent",
                seconds(agent) + ", " + rate(agent) + ", " + pct(cp, agent) + " of cp speed",
                (double) agent / cp);
    }

    /** The agent's own time per file ("stored NAME, ..., N ms" in its log) for {@code files}. */
    private static List<Long> agentPushNanos(String log, List<Path> files) {
        java.util.Set<String> names = new java.util.HashSet<>();
        files.forEach(f -> names.add(f.getFileName().toString()));
        List<Long> out = new ArrayList<>();
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("stored (\\S+), .* (\\d+) ms").matcher(log);
        while (m.find()) {
            if (names.contains(m.group(1))) {
                out.add(Long.parseLong(m.group(2)) * 1_000_000L);
            }
        }
        return out;
    }

    /** Pushes that warm a freshly started push-agent up (connections open, hot code compiled). */
    private static final int WARM_UP = 8;

    private void sustained(BenchSetup s, boolean withAgent) {
        String archive = withAgent ? "sustained-agent" : "sustained";
        out.println(
                "== sustained: pgbench " + seconds + " s (4 clients, scale 10) with archive_command = walferry push "
                        + (withAgent ? "through a running push-agent" : "+ ship-ahead"));
        PgCluster pg = s.ws.newCluster(archive, InitOptions.defaults());
        Path spool = s.ws.newDirectory(archive + "-spool");
        pg.configure(BenchSetup.settings(
                "archive_mode",
                "on",
                "wal_level",
                "replica",
                "archive_command",
                s.walferry.shellCommand(
                        "push", s.client(archive), "--quiet", "--spool-dir", spool.toString(), "%p", "%f")));
        try (AgentProcess agent =
                withAgent ? s.agent(archive, spool, "--pgdata", pg.dataDir().toString()) : null) {
            sustainedRun(pg);
        }
    }

    private void sustainedRun(PgCluster pg) {
        pg.start();
        pg.pgbenchInit(10);
        CompletableFuture<?> load = CompletableFuture.runAsync(() -> pg.pgbenchFor(4, Duration.ofSeconds(seconds)));
        int maxBacklog = 0;
        List<Integer> samples = new ArrayList<>();
        while (!load.isDone()) {
            int backlogNow = ArchiverStats.of(pg).backlog();
            samples.add(backlogNow);
            maxBacklog = Math.max(maxBacklog, backlogNow);
            try {
                load.get(1, java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException more) {
                // sample again
            } catch (Exception e) {
                throw new IllegalStateException("pgbench failed", e);
            }
        }
        String last = pg.switchWal();
        long t0 = System.nanoTime();
        pg.waitUntil("archived " + last, Duration.ofMinutes(20), c -> {
            ArchiverStats st = ArchiverStats.of(c);
            return st.backlog() == 0 && st.lastArchived().compareTo(last) >= 0;
        });
        long drainNanos = System.nanoTime() - t0;
        ArchiverStats st = ArchiverStats.of(pg);
        pg.close();
        int half = samples.size() / 2;
        double firstHalf =
                samples.subList(0, half).stream().mapToInt(i -> i).average().orElse(0);
        double secondHalf = samples.subList(half, samples.size()).stream()
                .mapToInt(i -> i)
                .average()
                .orElse(0);
        out.printf(
                "  archived %d files, %d failures, max backlog %d .ready, mean backlog first/second half %.1f/%.1f"
                        + " (growing: %s), drain after load %s%n",
                st.archived(),
                st.failed(),
                maxBacklog,
                firstHalf,
                secondHalf,
                secondHalf > firstHalf + 2 ? "yes" : "no",
                seconds(drainNanos));
    }

    private void catchUp(BenchSetup s) {
        out.println("== restore catch-up: standby replays " + catchUpSegments + " segments from the archive");
        Path cpArchive = s.ws.newDirectory("catch-up-src");
        PgCluster pg = s.ws.newCluster("catch-up-primary", InitOptions.throwaway());
        pg.configure(CopyArchive.archivingTo(cpArchive));
        pg.start();
        pg.pgbenchInit(1);
        PgCluster plain = s.ws.baseBackup(pg, "catch-up-plain", WalMethod.NONE);
        PgCluster prefetching = s.ws.baseBackup(pg, "catch-up-prefetch", WalMethod.NONE);
        String lsn = null;
        for (int i = 0; i < catchUpSegments; i++) {
            if (i % 10 == 0) {
                pg.pgbench(2, 200);
            } else {
                pg.query("CREATE TABLE IF NOT EXISTS filler(x int); INSERT INTO filler VALUES (" + i + ")");
            }
            lsn = pg.query("SELECT pg_switch_wal()");
        }
        String lastSeg = pg.query("SELECT pg_walfile_name('" + lsn + "'::pg_lsn - 1)");
        pg.waitUntil("archived", Duration.ofMinutes(10), c -> CopyArchive.isArchived(c, cpArchive, lastSeg));
        pg.close();
        Path archive = s.ws.root().resolve("catch-up-archive");
        copyTree(cpArchive, archive);
        try (ReceiverProcess rx = ReceiverProcess.start(
                s.walferry.launcher(),
                s.walferry.tlsDir(),
                s.ws.root().resolve("catch-up-receiver.log"),
                List.of("main=" + archive),
                List.of())) {
            List<String> client = s.walferry.clientOptions(rx.address(), "main", "standby");
            Lsn target = Lsn.parse(lsn);
            long without = CatchUp.run(plain, s.walferry.shellCommand("restore", client, "%f", "%p"), target);
            Path spool = s.ws.newDirectory("catch-up-spool");
            long with = CatchUp.run(
                    prefetching,
                    s.walferry.shellCommand(
                            "restore", client, "--spool-dir", spool.toString(), "--prefetch", "16", "%f", "%p"),
                    target);
            row("without prefetch", seconds(without) + ", " + perSegment(without), 1.0);
            row(
                    "with prefetch (16 ahead)",
                    seconds(with) + ", " + perSegment(with) + ", "
                            + String.format("%.1fx faster", (double) without / with),
                    (double) with / without);
        }
    }

    private static void copyTree(Path from, Path to) {
        try {
            Files.createDirectories(to);
            for (Path p : BenchSetup.segmentsIn(from)) {
                Files.copy(p, to.resolve(p.getFileName()));
            }
            try (var s = Files.list(from)) {
                for (Path p : s.filter(p -> p.getFileName().toString().endsWith(".backup"))
                        .toList()) {
                    Files.copy(p, to.resolve(p.getFileName()));
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String perSegment(long nanos) {
        return String.format("%.0f ms per segment", nanos / 1e6 / catchUpSegments);
    }

    private String rate(long nanos) {
        return String.format("%.1f segments/s", backlog / (nanos / 1e9));
    }

    private static String pct(long base, long x) {
        return String.format("%.0f %%", 100.0 * base / x);
    }

    private static String seconds(long nanos) {
        return String.format("%.1f s", nanos / 1e9);
    }

    private void row(String what, String value, double ratio) {
        out.printf("  %-50s %-60s ratio %.2f%n", what, value, ratio);
        out.flush();
    }

    private static long rawBytesStored(String log) {
        long raw = 0;
        var m = java.util.regex.Pattern.compile("from \\S+: (\\d+) bytes \\(").matcher(log);
        while (m.find()) {
            raw += Long.parseLong(m.group(1));
        }
        return raw;
    }
}
