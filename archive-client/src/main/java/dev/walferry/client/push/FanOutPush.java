package dev.walferry.client.push;

import dev.walferry.client.failure.ExitCode;
import dev.walferry.client.failure.WalferryException;
import dev.walferry.client.transport.PhaseTimer;
import dev.walferry.client.transport.ReceiverConnection;
import dev.walferry.client.transport.ReceiverTarget;
import dev.walferry.protocol.ReceiverAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.net.ssl.SSLContext;

/**
 * {@code push --server A --server B ... [--require N]}: the same file to every receiver at once, one connection and
 * thread each, then the quorum rule (docs/s3.md "Several receivers"):
 * <ul>
 *   <li>a CONFLICT or WRONG_CLUSTER answer from any receiver fails the push, whatever the others said: the archives
 *       disagree about this name, and PostgreSQL must not recycle the segment;</li>
 *   <li>otherwise the push succeeds when at least {@code require} receivers acknowledged it durably;</li>
 *   <li>else it fails with the first failure's exit code, naming every receiver's outcome.</li>
 * </ul>
 * Every transfer runs to its end (bounded by --connect-timeout and --timeout) before the outcome is decided, so that
 * a slower receiver still gets the file.
 */
public final class FanOutPush {

    /** One receiver's outcome: an acknowledgement or a failure. */
    public record Outcome(ReceiverAddress server, Acknowledgement ack, WalferryException failure) {
        public String describe() {
            return server + ": "
                    + (ack != null ? ack.status().name().toLowerCase(java.util.Locale.ROOT) : failure.getMessage());
        }
    }

    private FanOutPush() {}

    /** Pushes {@code file} to every receiver of {@code receiver} at once and returns each outcome, in order. */
    public static List<Outcome> run(ReceiverTarget receiver, LocalWalFile file, int level) {
        SSLContext tls = receiver.sslContext();
        List<ReceiverAddress> servers = receiver.addresses();
        ExecutorService pool = Executors.newFixedThreadPool(servers.size(), r -> {
            Thread t = new Thread(r, "walferry-push");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Outcome>> pending = new ArrayList<>();
            for (ReceiverAddress a : servers) {
                pending.add(pool.submit(() -> pushTo(receiver, a, tls, file, level)));
            }
            List<Outcome> out = new ArrayList<>();
            for (int i = 0; i < servers.size(); i++) {
                out.add(await(pending.get(i), servers.get(i)));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private static Outcome pushTo(
            ReceiverTarget receiver, ReceiverAddress a, SSLContext tls, LocalWalFile file, int level) {
        try (ReceiverConnection c = receiver.connect(a, tls, new PhaseTimer(false));
                SegmentPusher pusher = new SegmentPusher(c, receiver.archive(), level)) {
            return new Outcome(a, pusher.push(file), null);
        } catch (WalferryException e) {
            return new Outcome(a, null, e);
        }
    }

    private static Outcome await(Future<Outcome> f, ReceiverAddress a) {
        try {
            return f.get();
        } catch (ExecutionException e) {
            return new Outcome(
                    a,
                    null,
                    new WalferryException(
                            ExitCode.INTERNAL,
                            "pushing to " + a + " failed " + "unexpectedly: " + e.getCause(),
                            e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(a, null, new WalferryException(ExitCode.INTERNAL, "interrupted pushing to " + a, e));
        }
    }

    /**
     * Applies the quorum rule to {@code outcomes}.
     *
     * @return the first acknowledgement, when the push succeeded
     * @throws WalferryException when it failed: a conflict or wrong cluster anywhere, or fewer than {@code require}
     *                           acknowledgements
     */
    public static Acknowledgement decide(String name, List<Outcome> outcomes, int require) {
        for (Outcome o : outcomes) {
            if (o.failure != null
                    && (o.failure.exitCode() == ExitCode.CONFLICT || o.failure.exitCode() == ExitCode.WRONG_CLUSTER)) {
                throw new WalferryException(
                        o.failure.exitCode(),
                        o.failure.getMessage() + " (receiver " + o.server
                                + "; the push fails whatever the other receivers answered)",
                        o.failure);
            }
        }
        List<Outcome> acked = outcomes.stream().filter(o -> o.ack != null).toList();
        if (acked.size() >= require) {
            return acked.get(0).ack;
        }
        WalferryException first =
                outcomes.stream().filter(o -> o.failure != null).findFirst().orElseThrow().failure;
        StringBuilder b = new StringBuilder(name + " acknowledged by " + acked.size() + " of " + outcomes.size()
                + " receivers, " + require + " required: ");
        for (int i = 0; i < outcomes.size(); i++) {
            b.append(i == 0 ? "" : "; ").append(outcomes.get(i).describe());
        }
        throw new WalferryException(first.exitCode(), b.toString(), first);
    }
}
