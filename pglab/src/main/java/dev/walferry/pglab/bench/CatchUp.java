package dev.walferry.pglab.bench;

import dev.walferry.pgctl.PgCluster;
import dev.walferry.pgctl.RecoverySignal;
import dev.walferry.pglab.demo.Lsn;
import java.time.Duration;
import java.util.Map;

/** Times a standby's catch-up from the archive: from start until it replayed up to a target position. */
public final class CatchUp {

    private CatchUp() {}

    public static long run(PgCluster standby, String restoreCommand, Lsn target) {
        standby.configure(Map.of("restore_command", restoreCommand, "recovery_target_timeline", "current"));
        standby.writeSignal(RecoverySignal.STANDBY);
        long t0 = System.nanoTime();
        standby.start();
        standby.waitUntil("replayed up to " + target, Duration.ofMinutes(30), c -> c.lastReplayLsn()
                .map(l -> Lsn.parse(l).atLeast(target))
                .orElse(false));
        long nanos = System.nanoTime() - t0;
        standby.close();
        return nanos;
    }
}
