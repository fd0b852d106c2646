package dev.walferry.client.spool;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One push-agent per spool directory: an exclusive lock on {@code agent.lock}, and {@link AgentPid agent.pid} so that
 * the launcher knows whether anyone will answer a request for its target (docs/spool.md).
 */
public final class AgentLock implements AutoCloseable {

    public static final String PID_FILE = AgentPid.FILE;

    private final Path spool;
    private final FileChannel channel;
    private final FileLock lock;
    private final String pid = Long.toString(ProcessHandle.current().pid());
    private final String target;

    private AgentLock(Path spool, String target, FileChannel channel, FileLock lock) {
        this.spool = spool;
        this.target = target;
        this.channel = channel;
        this.lock = lock;
    }

    /** @throws IOException naming the spool when another agent holds it */
    public static AgentLock acquire(Path spool, String target) throws IOException {
        FileChannel ch =
                FileChannel.open(spool.resolve("agent.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock l;
        try {
            l = ch.tryLock();
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        if (l == null) {
            ch.close();
            String other = readPid(spool);
            throw new IOException(
                    "another walferry push-agent uses " + spool + (other.isEmpty() ? "" : " (pid " + other + ")"));
        }
        AgentLock a = new AgentLock(spool, target, ch, l);
        a.publish();
        return a;
    }

    /** (Re)writes {@code agent.pid} if it is missing or names another process. */
    public void publish() throws IOException {
        if (readPid(spool).equals(pid)) {
            return;
        }
        SpoolFiles.replace(spool, PID_FILE, ".agent.pid." + pid + ".tmp", new AgentPid(pid, target).format(), false);
    }

    private static String readPid(Path spool) {
        try {
            return AgentPid.parse(Files.readAllBytes(spool.resolve(PID_FILE)))
                    .map(AgentPid::pid)
                    .orElse("");
        } catch (IOException e) {
            return "";
        }
    }

    /** Removes {@code agent.pid} (if still ours) without releasing anything: the process is about to halt. */
    public void abandon() {
        try {
            if (readPid(spool).equals(pid)) {
                Files.deleteIfExists(spool.resolve(PID_FILE));
            }
        } catch (Throwable ignored) {
            // halting anyway; the launcher also checks that the process is alive
        }
    }

    @Override
    public void close() throws IOException {
        if (!channel.isOpen()) {
            return;
        }
        try {
            if (readPid(spool).equals(pid)) {
                Files.deleteIfExists(spool.resolve(PID_FILE));
            }
        } finally {
            lock.release();
            channel.close();
        }
    }
}
