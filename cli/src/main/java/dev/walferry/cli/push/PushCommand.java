package dev.walferry.cli.push;

import dev.walferry.cli.options.ClientCommand;
import dev.walferry.cli.options.PushTuningOptions;
import dev.walferry.client.failure.ExitCode;
import dev.walferry.client.failure.WalferryException;
import dev.walferry.client.push.Acknowledgement;
import dev.walferry.client.push.FanOutPush;
import dev.walferry.client.push.LocalWalFile;
import dev.walferry.client.push.SegmentPusher;
import dev.walferry.client.push.ShipAhead;
import dev.walferry.client.spool.AckSpool;
import dev.walferry.client.transport.PhaseTimer;
import dev.walferry.client.transport.ReceiverConnection;
import dev.walferry.protocol.message.Status;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code archive_command = 'walferry push ... %p %f'}: exits 0 only after the receiver acknowledged that the
 * file and its directory are fsynced under the right name with the same SHA-256 (docs/postgres-contract.md A1).
 */
@Command(
        name = "push",
        description = {
            "Archive one WAL file (use as archive_command with %%p %%f).",
            "Exits 0 only when the receiver has stored the file durably."
        })
public final class PushCommand extends ClientCommand {

    @Mixin
    PushTuningOptions tuning;

    @Option(
            names = {"-q", "--quiet"},
            description = "Print nothing on success.")
    boolean quiet;

    @Option(
            names = "--timing",
            description = "Print where the time went (JVM start, TLS set-up, connect and "
                    + "handshake, streaming, waiting for the acknowledgement).")
    boolean timing;

    @Option(
            names = "--require",
            paramLabel = "N",
            description = "With several --server: exit 0 only when N receivers acknowledged the file durably "
                    + "(default: all of them). A conflict or wrong-cluster answer from any receiver fails the push.")
    Integer require;

    @Parameters(index = "0", paramLabel = "PATH", description = "The file to archive (%%p).")
    Path path;

    @Parameters(index = "1", paramLabel = "NAME", description = "Its name in the archive (%%f).")
    String name;

    @Override
    public Integer call() throws IOException {
        if (tuning.shipAhead() < 0) {
            throw new WalferryException(ExitCode.USAGE, "--ship-ahead must be 0 or more, not " + tuning.shipAhead());
        }
        long start = System.nanoTime();
        PhaseTimer timer = new PhaseTimer(timing);
        int servers = receiver.target().serverCount();
        int quorum = checkQuorum(servers);
        LocalWalFile file = LocalWalFile.check(path, name);
        timer.mark("check file");
        if (servers > 1) {
            return fanOut(file, quorum, start);
        }
        AckSpool spool = spoolOption.dir() != null ? openSpool() : null;
        String target = receiver.target().archive() + "@" + receiver.target().serverText();
        if (spool != null && spool.acknowledged(name, file.path(), target)) {
            spool.remove(name);
            if (!quiet) {
                spec.commandLine()
                        .getErr()
                        .println("walferry push: " + name + " was already acknowledged by the "
                                + "receiver (shipped ahead)");
            }
            return 0;
        }
        Acknowledgement ack;
        int ahead = 0;
        try (ReceiverConnection c = receiver.target().connect(timer);
                SegmentPusher pusher = new SegmentPusher(c, receiver.target().archive(), tuning.level())) {
            ack = pusher.push(file, timer);
            if (spool != null) {
                spool.remove(name);
                ahead = new ShipAhead(
                                pusher,
                                () -> secondPusher(),
                                spool,
                                file.path().toAbsolutePath().getParent(),
                                target,
                                spec.commandLine().getErr())
                        .run(file.name(), tuning.shipAhead());
                timer.mark("ship ahead " + ahead);
            }
        }
        if (timing) {
            spec.commandLine().getErr().println("walferry push: timing: " + timer);
        }
        if (!quiet) {
            long ms = (System.nanoTime() - start) / 1_000_000;
            spec.commandLine()
                    .getErr()
                    .println("walferry push: "
                            + (ack.status() == Status.STORED ? "stored " : "already archived (identical) ") + ack.name()
                            + " in archive " + receiver.target().archive() + ": "
                            + ack.size() + " bytes, " + ack.wireBytes() + " on the wire, " + ms + " ms"
                            + (ahead > 0 ? "; shipped " + ahead + " more ahead" : ""));
        }
        return 0;
    }

    private int checkQuorum(int servers) {
        int n = require == null ? servers : require;
        if (n < 1 || n > servers) {
            throw new WalferryException(
                    ExitCode.USAGE,
                    "--require " + n + ": must be between 1 and the number of " + "--server options (" + servers + ")");
        }
        if (servers > 1 && spoolOption.dir() != null) {
            throw new WalferryException(
                    ExitCode.USAGE,
                    "--spool-dir (ship-ahead) works with a single --server only; " + "drop it or push to one receiver");
        }
        return n;
    }

    /** Several receivers: the same file to all at once, then the quorum rule ({@link FanOutPush}). */
    private Integer fanOut(LocalWalFile file, int quorum, long start) {
        List<FanOutPush.Outcome> outcomes = FanOutPush.run(receiver.target(), file, tuning.level());
        Acknowledgement ack = FanOutPush.decide(name, outcomes, quorum);
        long acked = outcomes.stream().filter(o -> o.ack() != null).count();
        for (FanOutPush.Outcome o : outcomes) {
            if (o.failure() != null) {
                spec.commandLine()
                        .getErr()
                        .println("walferry push: warning: " + name + " not acknowledged by " + o.server() + ": "
                                + o.failure().getMessage());
            }
        }
        if (!quiet) {
            long ms = (System.nanoTime() - start) / 1_000_000;
            spec.commandLine()
                    .getErr()
                    .println("walferry push: " + name + " acknowledged by " + acked + " of "
                            + outcomes.size() + " receivers (" + quorum + " required) in archive "
                            + receiver.target().archive() + ": "
                            + ack.size() + " bytes, " + ms + " ms; "
                            + String.join(
                                    ", ",
                                    outcomes.stream()
                                            .map(FanOutPush.Outcome::describe)
                                            .toList()));
        }
        return ExitCode.OK.code();
    }

    /** Another connection and pusher for shipping ahead in parallel; closing the pusher closes the connection. */
    private SegmentPusher secondPusher() {
        return new SegmentPusher(receiver.target().connect(), receiver.target().archive(), tuning.level(), true);
    }

    private AckSpool openSpool() {
        try {
            return AckSpool.open(spoolOption.dir());
        } catch (IOException e) {
            throw new WalferryException(
                    ExitCode.LOCAL_IO, "cannot use --spool-dir " + spoolOption.dir() + ": " + e.getMessage(), e);
        }
    }
}
