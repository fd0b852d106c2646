package dev.walferry.protocol.wal;

/**
 * What a segment's long page header says about the cluster that wrote it. An archive is bound to the
 * first identity it stores and refuses segments of any other cluster (docs/postgres-contract.md A6).
 *
 * @param systemIdentifier pg_control's database system identifier (unsigned 64 bit)
 * @param segmentSize      WAL segment size in bytes
 * @param pageMagic        the WAL page magic, which names the PostgreSQL major version
 */
public record SegmentIdentity(long systemIdentifier, int segmentSize, int pageMagic) {

    /** PostgreSQL major version for this page magic, or "unknown (0xNNNN)". */
    public String postgresVersion() {
        return WalPageHeader.versionForMagic(pageMagic);
    }

    /** The system identifier as PostgreSQL prints it (unsigned decimal). */
    public String systemIdentifierText() {
        return Long.toUnsignedString(systemIdentifier);
    }
}
