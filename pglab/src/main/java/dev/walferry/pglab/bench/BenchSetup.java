package dev.walferry.pglab.bench;

import dev.walferry.pgctl.CopyArchive;
import dev.walferry.pgctl.InitOptions;
import dev.walferry.pgctl.PgCluster;
import dev.walferry.pgctl.PgWorkspace;
import dev.walferry.pglab.demo.AgentProcess;
import dev.walferry.pglab.demo.ReceiverProcess;
import dev.walferry.pglab.demo.WalferryInstallation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Shared pieces of the benchmark: a workspace with walferry installed, a receiver, real WAL segments. */
public final class BenchSetup implements AutoCloseable {

    public final PgWorkspace ws;
    public final WalferryInstallation walferry;
    public final ReceiverProcess receiver;
    final Path archive;

    public BenchSetup(PgWorkspace ws, Path home) {
        this.ws = ws;
        this.walferry = WalferryInstallation.install(
                home, ws.root().resolve("walferry"), ws.tools().user(), "primary", "standby");
        // As an operator does after installing: the start-up cache is tied to the installation's path.
        dev.walferry.pgctl.ProcessResult cds = new dev.walferry.pgctl.ProcessRunner(dev.walferry.pgctl.OsUser.current())
                .runAllowingFailure(List.of(walferry.launcher().toString(), "cds"), Duration.ofMinutes(2));
        if (!cds.succeeded()) {
            throw new IllegalStateException("walferry cds failed: " + cds.outputTail());
        }
        this.archive = ws.root().resolve("archives");
        List<String> archives = new ArrayList<>();
        for (String a : ARCHIVES) {
            archives.add(a + "=" + archive.resolve(a));
        }
        this.receiver = ReceiverProcess.start(
                walferry.launcher(), walferry.tlsDir(), ws.root().resolve("receiver.log"), archives, List.of());
    }

    /** One archive per benchmark section: each section's cluster has its own system identifier. */
    static final List<String> ARCHIVES = List.of("per-call", "per-call-agent", "drain", "sustained", "sustained-agent");

    public List<String> client(String archiveName) {
        return walferry.clientOptions(receiver.address(), archiveName, "primary");
    }

    /** A push-agent for {@code archiveName}, as the postgres user, spooling in {@code spool}. */
    public AgentProcess agent(String archiveName, Path spool, String... extra) {
        return AgentProcess.start(
                ws.tools().user(),
                walferry.launcher(),
                client(archiveName),
                spool,
                ws.root().resolve("agent-" + archiveName + ".log"),
                List.of(extra));
    }

    /**
     * Real WAL segments: a throwaway cluster archiving with cp into {@code dir}, pgbench at {@code scale}, then
     * pgbench runs with a WAL switch after each until {@code count} completed segments are in the directory.
     */
    public static List<Path> realSegments(PgWorkspace ws, Path dir, int count, int scale) {
        PgCluster pg = ws.newCluster("segment-source", InitOptions.throwaway());
        pg.configure(CopyArchive.archivingTo(dir));
        pg.start();
        pg.pgbenchInit(scale);
        while (segmentsIn(dir).size() < count) {
            pg.pgbench(2, 2000);
            String seg = pg.switchWal();
            pg.waitUntil(seg + " archived", Duration.ofMinutes(2), c -> CopyArchive.isArchived(c, dir, seg));
        }
        pg.close();
        return segmentsIn(dir).subList(0, count);
    }

    public static List<Path> segmentsIn(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches("[0-9A-F]{24}"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static long bytesOnWire(String receiverLog) {
        long wire = 0;
        var m = java.util.regex.Pattern.compile("bytes \\((\\d+) on the wire\\)")
                .matcher(receiverLog);
        while (m.find()) {
            wire += Long.parseLong(m.group(1));
        }
        return wire;
    }

    public static Map<String, String> settings(String... kv) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    static List<Long> millis(List<Long> nanos) {
        List<Long> out = new ArrayList<>();
        nanos.forEach(n -> out.add(n / 1_000_000));
        return out;
    }

    @Override
    public void close() {
        try {
            ws.close();
        } finally {
            receiver.close();
        }
    }
}
