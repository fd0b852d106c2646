package dev.walferry.client.agent;

import dev.walferry.client.push.Acknowledgement;
import dev.walferry.protocol.message.Status;
import java.io.PrintWriter;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicLong;

/** What the push-agent prints: one line per file (unless quiet), failures always, and counters for a summary. */
public final class AgentLog {

    private final PrintWriter err;
    private final boolean quiet;
    private final AtomicLong requested = new AtomicLong();
    private final AtomicLong ahead = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    public AgentLog(PrintWriter err, boolean quiet) {
        this.err = err;
        this.quiet = quiet;
    }

    public void info(String message) {
        print(message);
    }

    void pushed(Acknowledgement ack, boolean forCall, long nanos) {
        (forCall ? requested : ahead).incrementAndGet();
        if (!quiet) {
            print((ack.status() == Status.STORED ? "stored " : "already archived (identical) ") + ack.name() + ", "
                    + ack.size() + " bytes, " + ack.wireBytes() + " on the wire, " + nanos / 1_000_000 + " ms"
                    + (forCall ? "" : " (shipped ahead)"));
        }
    }

    void failed(String name, boolean forCall, String message) {
        failures.incrementAndGet();
        print((forCall
                        ? "could not push " + name + " (the waiting push call pushes it itself): "
                        : "could not ship " + name + " ahead (tried again later): ")
                + message);
    }

    /** {@code requested ahead failures}, for the summary at exit. */
    public String summary() {
        return requested.get() + " files pushed for push calls, " + ahead.get() + " shipped ahead, " + failures.get()
                + " failures";
    }

    private synchronized void print(String message) {
        err.println(LocalTime.now(ZoneId.systemDefault()).truncatedTo(ChronoUnit.MILLIS) + " walferry push-agent: "
                + message);
        err.flush();
    }
}
