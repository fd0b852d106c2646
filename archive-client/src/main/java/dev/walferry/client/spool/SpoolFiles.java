package dev.walferry.client.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.regex.Pattern;

/**
 * What every spool file shares (docs/spool.md): the names the launcher may ask about, and the atomicity rule, a
 * temp file whose name starts with a dot, renamed over the final name, so that a reader sees the whole old file, the
 * whole new one, or none.
 */
public final class SpoolFiles {

    /** {@code name} in docs/spool.md: the WAL file names the launcher checks acks for and asks the agent about. */
    private static final Pattern NAME = Pattern.compile("[0-9A-Za-z.]{1,64}");

    private SpoolFiles() {}

    /** Whether {@code name} may name a spool file of one WAL file (NAME.ack, NAME.want, NAME.err). */
    public static boolean isFileName(String name) {
        return NAME.matcher(name).matches();
    }

    /**
     * Writes {@code content} to {@code dir/temp}, then renames it to {@code dir/name}. {@code durable}: the temp
     * file is fsynced before and the directory after the rename, so the file survives a crash once this returns.
     */
    static void replace(Path dir, String name, String temp, byte[] content, boolean durable) throws IOException {
        Path t = dir.resolve(temp);
        if (durable) {
            try (FileChannel ch = FileChannel.open(
                    t, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer b = ByteBuffer.wrap(content);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
        } else {
            Files.write(t, content);
        }
        Files.move(t, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        if (durable) {
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            }
        }
    }
}
