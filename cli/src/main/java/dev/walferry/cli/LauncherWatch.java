package dev.walferry.cli;

/**
 * Ends the JVM when bin/walferry, which runs push, restore and prefetch as its child to act on PostgreSQL's signals
 * (docs/postgres-contract.md, "Signals"), is gone: killed with SIGKILL by its pid alone, it cannot pass a signal on,
 * and the JVM must not go on pushing or restoring for nobody. The exit runs the shutdown hooks (a restore's temp file
 * beside %p is deleted); its status is never read.
 */
final class LauncherWatch {

    /** The launcher's pid, passed as -Dwalferry.launcher-pid by bin/walferry. */
    static final String PROPERTY = "walferry.launcher-pid";

    /** Exit status when the launcher is gone: 128 + SIGKILL, what the launcher itself ended with (usually). */
    static final int ORPHANED = 128 + 9;

    private static final long POLL_MILLIS = 100;

    private LauncherWatch() {}

    static void start(String launcherPid) {
        if (launcherPid == null) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(launcherPid);
        } catch (NumberFormatException e) {
            return;
        }
        Thread t = new Thread(() -> watch(pid), "walferry-launcher-watch");
        t.setDaemon(true);
        t.start();
    }

    private static void watch(long pid) {
        try {
            while (ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L) == pid) {
                Thread.sleep(POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            return;
        }
        System.exit(ORPHANED);
    }
}
