package dev.walferry.client.spool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.TimeUnit;

/**
 * Size, modification time in nanoseconds and inode of a file (following symbolic links), taken when it was hashed:
 * what an ack records and what the launcher compares with {@code stat -L -c '%s %.9Y %i'} (docs/spool.md).
 */
public record FileStamp(long size, long mtimeNanos, long inode) {

    public static FileStamp of(Path p) throws IOException {
        var attrs = Files.readAttributes(p, "unix:size,lastModifiedTime,ino");
        long mtime = ((FileTime) attrs.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS);
        return new FileStamp((Long) attrs.get("size"), mtime, (Long) attrs.get("ino"));
    }
}
