package dev.walferry.pgctl;

/**
 * How {@link PgCluster#initdb} creates and first configures a cluster.
 *
 * @param walSegmentSizeMb {@code initdb --wal-segsize}, a power of two from 1 to 1024
 * @param dataChecksums    {@code initdb --data-checksums}
 * @param noSync           {@code initdb --no-sync} and {@code pg_basebackup --no-sync}: nothing is flushed to disk
 * @param fsync            the server's {@code fsync} setting; {@code false} is unsafe and only for throwaway clusters
 */
public record InitOptions(int walSegmentSizeMb, boolean dataChecksums, boolean noSync, boolean fsync) {

    /** PostgreSQL's default segment size. */
    public static final int DEFAULT_WAL_SEGMENT_MB = 16;

    public InitOptions {
        if (walSegmentSizeMb < 1 || walSegmentSizeMb > 1024 || Integer.bitCount(walSegmentSizeMb) != 1) {
            throw new IllegalArgumentException(
                    "WAL segment size must be a power of two from 1 to 1024 MB, not " + walSegmentSizeMb);
        }
    }

    /** A durable cluster with PostgreSQL's defaults. */
    public static InitOptions defaults() {
        return new InitOptions(DEFAULT_WAL_SEGMENT_MB, false, false, true);
    }

    /** A throwaway cluster: nothing is flushed to disk, so a machine crash may corrupt it. */
    public static InitOptions throwaway() {
        return new InitOptions(DEFAULT_WAL_SEGMENT_MB, false, true, false);
    }

    public InitOptions withWalSegmentSizeMb(int mb) {
        return new InitOptions(mb, dataChecksums, noSync, fsync);
    }

    public InitOptions withDataChecksums(boolean on) {
        return new InitOptions(walSegmentSizeMb, on, noSync, fsync);
    }
}
