package dev.walferry.client.restore;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The trigger file of {@code restore --wait --trigger FILE}, read as pg_standby reads its {@code -t} file:
 * absent means keep waiting; empty or starting with {@code smart} means smart failover; starting with {@code fast}
 * means fast failover, and the file is then truncated to empty (a smart trigger), so that a later request for a file
 * that is archived still succeeds; anything else is ignored with a warning, once.
 */
public final class Trigger {

    /** What the trigger file asks for. */
    enum Failover {
        /** No trigger: keep waiting. */
        NONE,
        /** Restore what is archived, then report "not found" at the first missing segment. */
        SMART,
        /** Report "not found" now. */
        FAST
    }

    /** Bytes read: enough for the words, as pg_standby reads a small buffer. */
    private static final int READ_LIMIT = 32;

    private final Path file;
    private final PrintWriter err;
    private boolean warned;

    public Trigger(Path file, PrintWriter err) {
        this.file = file;
        this.err = err;
    }

    Path file() {
        return file;
    }

    Failover check() {
        String content;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(READ_LIMIT);
            ch.read(b);
            content = new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            return Failover.NONE;
        } catch (IOException e) {
            warnOnce("cannot read trigger file " + file + ": " + e.getMessage() + "; ignoring it");
            return Failover.NONE;
        }
        if (content.isEmpty() || content.startsWith("smart")) {
            return Failover.SMART;
        }
        if (content.startsWith("fast")) {
            makeSmart();
            return Failover.FAST;
        }
        warnOnce("trigger file " + file + " holds neither nothing, \"smart\" nor \"fast\"; ignoring it");
        return Failover.NONE;
    }

    private void makeSmart() {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(0);
        } catch (IOException e) {
            err.println("walferry restore: warning: cannot truncate trigger file " + file + " after fast failover: "
                    + e.getMessage() + "; later requests will fail over fast again");
        }
    }

    private void warnOnce(String message) {
        if (!warned) {
            warned = true;
            err.println("walferry restore: warning: " + message);
        }
    }
}
