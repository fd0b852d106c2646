package dev.walferry.server.receiver;

import dev.walferry.server.storage.s3.S3Location;
import java.nio.file.Path;

/**
 * {@code --archive NAME=WHERE}: an archive's name and where it is stored. WHERE is a directory ({@code DIR}), a
 * bucket and key prefix ({@code s3://BUCKET/PREFIX}), or both ({@code DIR+s3://BUCKET/PREFIX}: write-through, a push
 * is acknowledged only when both have it).
 *
 * @param name the archive's name
 * @param dir  its directory, null for a bucket-only archive
 * @param s3   its bucket and prefix, null for a directory-only archive
 */
public record ArchiveSpec(String name, Path dir, S3Location s3) {

    /** Archive names: as the protocol allows them. */
    static final String NAME_RULE = "[A-Za-z0-9._-]{1,64}";

    /** Joins the directory and the bucket of a write-through archive. */
    static final String BOTH = "+s3://";

    public ArchiveSpec {
        if (dir == null && s3 == null) {
            throw new IllegalArgumentException("archive " + name + " has neither a directory nor a bucket");
        }
    }

    /** A directory-only archive. */
    public ArchiveSpec(String name, Path dir) {
        this(name, dir, null);
    }

    /**
     * Parses {@code NAME=WHERE}.
     *
     * @throws IllegalArgumentException naming what is wrong with {@code value}
     */
    public static ArchiveSpec parse(String value) {
        String[] kv = pair(value, "NAME=DIR, NAME=s3://BUCKET/PREFIX or NAME=DIR+s3://BUCKET/PREFIX");
        String where = kv[1];
        try {
            if (where.startsWith("s3://")) {
                return new ArchiveSpec(kv[0], null, S3Location.parse(where));
            }
            int both = where.lastIndexOf(BOTH);
            if (both > 0) {
                return new ArchiveSpec(
                        kv[0], Path.of(where.substring(0, both)), S3Location.parse(where.substring(both + 1)));
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("archive " + kv[0] + ": " + e.getMessage(), e);
        }
        return new ArchiveSpec(kv[0], Path.of(where));
    }

    /** Splits {@code NAME=VALUE}, checking the name. */
    static String[] pair(String value, String form) {
        int eq = value.indexOf('=');
        if (eq <= 0 || eq == value.length() - 1) {
            throw new IllegalArgumentException("\"" + value + "\" is not of the form " + form);
        }
        String name = value.substring(0, eq).trim();
        if (!name.matches(NAME_RULE)) {
            throw new IllegalArgumentException(
                    "archive name \"" + name + "\" must be 1-64 letters, digits, '.', '_' " + "or '-'");
        }
        return new String[] {name, value.substring(eq + 1).trim()};
    }

    @Override
    public String toString() {
        if (s3 == null) {
            return name + "=" + dir;
        }
        return name + "=" + (dir == null ? "" : dir + "+") + s3;
    }
}
