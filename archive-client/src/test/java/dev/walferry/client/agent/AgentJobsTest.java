package dev.walferry.client.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.walferry.protocol.wal.WalFileName;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The push-agent's queue: what goes first, and how a push call's request meets a file already in flight. */
class AgentJobsTest {

    private static final Path WAL = Path.of("/data/pg_wal");

    @Test
    void requestForAFileBeingShippedAhead_isMergedIntoIt_andFinishReportsTheCallWaiting() throws Exception {
        AgentJobs jobs = new AgentJobs();
        WalFileName n = name("000000010000000000000001");
        assertTrue(jobs.offerAhead(n, WAL.resolve(n.toString())));
        AgentJobs.Job taken = jobs.take().orElseThrow();
        assertFalse(taken.requested());

        jobs.request(n, WAL.resolve(n.toString())); // PostgreSQL's call arrives while it is pushed

        AgentJobs.Job now = jobs.finish(taken, true);
        assertNotSame(taken, now, "the worker must see that a call now waits (it records the ack again)");
        assertTrue(now.requested());
        assertFalse(jobs.offerAhead(n, WAL.resolve(n.toString())), "not shipped again right after it was pushed");
    }

    @Test
    void secondRequestForAFileInFlightForAnEarlierCall_isAlsoReported() throws Exception {
        AgentJobs jobs = new AgentJobs();
        WalFileName n = name("000000010000000000000002");
        jobs.request(n, WAL.resolve(n.toString()));
        AgentJobs.Job taken = jobs.take().orElseThrow();
        jobs.request(n, WAL.resolve(n.toString())); // a retry of the call, after the first one gave up

        assertNotSame(taken, jobs.finish(taken, true));
    }

    @Test
    void finishWithoutAnotherRequest_returnsTheSameJob() throws Exception {
        AgentJobs jobs = new AgentJobs();
        WalFileName n = name("000000010000000000000003");
        jobs.offerAhead(n, WAL.resolve(n.toString()));
        AgentJobs.Job taken = jobs.take().orElseThrow();
        assertSame(taken, jobs.finish(taken, true));
    }

    @Test
    void requestsGoFirstInArrivalOrder_thenHistoryFiles_thenWalOrder() throws Exception {
        AgentJobs jobs = new AgentJobs();
        for (String s : List.of("000000010000000000000005", "00000002.history", "000000010000000000000004")) {
            jobs.offerAhead(name(s), WAL.resolve(s));
        }
        jobs.request(name("000000010000000000000009"), WAL.resolve("000000010000000000000009"));
        jobs.request(name("000000010000000000000007"), WAL.resolve("000000010000000000000007"));
        List<String> order = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            order.add(jobs.take().orElseThrow().name().toString());
        }
        assertEquals(
                List.of(
                        "000000010000000000000009",
                        "000000010000000000000007",
                        "00000002.history",
                        "000000010000000000000004",
                        "000000010000000000000005"),
                order);
    }

    @Test
    void aRefusedFileIsHeldOff_butAPushCallStillGetsIt() throws Exception {
        AgentJobs jobs = new AgentJobs();
        WalFileName n = name("000000010000000000000006");
        jobs.offerAhead(n, WAL.resolve(n.toString()));
        jobs.finish(jobs.take().orElseThrow(), false);
        jobs.holdOff(n, 60_000_000_000L);

        assertFalse(jobs.offerAhead(n, WAL.resolve(n.toString())));
        jobs.request(n, WAL.resolve(n.toString()));
        assertTrue(jobs.take().orElseThrow().requested());
    }

    private static WalFileName name(String s) {
        return WalFileName.parse(s);
    }
}
