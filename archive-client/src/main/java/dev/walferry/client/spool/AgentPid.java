package dev.walferry.client.spool;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * {@code agent.pid}: the running push-agent's process id and the {@code archive@server} it pushes to,
 * {@code pid SP target LF} ({@code pid-file} in docs/spool.md). The launcher asks the agent only when the process
 * is alive and the target is the call's own.
 */
public record AgentPid(String pid, String target) {

    public static final String FILE = "agent.pid";

    /** The file's content; empty when it holds no pid. Only the first line counts, as for the launcher's read. */
    public static Optional<AgentPid> parse(byte[] content) {
        String line = new String(content, StandardCharsets.UTF_8);
        int end = line.indexOf('\n');
        line = (end < 0 ? line : line.substring(0, end)).strip();
        int space = line.indexOf(' ');
        String pid = space < 0 ? line : line.substring(0, space);
        String target = space < 0 ? "" : line.substring(space + 1).strip();
        return pid.isEmpty() ? Optional.empty() : Optional.of(new AgentPid(pid, target));
    }

    public byte[] format() {
        return (pid + " " + target + "\n").getBytes(StandardCharsets.US_ASCII);
    }
}
