package dev.walferry.server.storage;

import dev.walferry.protocol.codec.Limits;
import dev.walferry.protocol.wal.SegmentIdentity;
import dev.walferry.protocol.wal.WalFileName;

/**
 * The checks a file that appeared in an archive directory without passing through the receiver (copied in with
 * {@code cp}, restored by hand) must pass before the receiver adopts it: the same as a push's
 * ({@link TransferChecks}: size and WAL page header, then the archive's cluster, {@link ArchiveBinding#check}).
 * docs/storage.md, "Files that arrive by other tools". {@code walferry archive verify} uses them to tell a
 * {@code foreign} file from one merely not yet recorded.
 */
public final class AdoptionChecks {

    private static final byte[] ANY_SHA256 = new byte[Limits.SHA256_BYTES];

    private AdoptionChecks() {}

    /**
     * @param problem  why the file is foreign (not adopted), or null when it passes
     * @param identity the WAL header identity of a segment or partial file, else null
     */
    public record Verdict(String problem, SegmentIdentity identity) {}

    /**
     * @param archive the archive's name or location, for the message
     * @param header  the file's first bytes (up to {@value dev.walferry.protocol.wal.WalPageHeader#LENGTH})
     * @param binding the archive's binding, null when it has none yet (the file would then bind it, as a push does)
     */
    public static Verdict check(String archive, WalFileName name, long size, byte[] header, SegmentIdentity binding) {
        if (size > Limits.MAX_FILE_SIZE) {
            return new Verdict(name + " is " + size + " bytes, above the limit of " + Limits.MAX_FILE_SIZE, null);
        }
        TransferChecks.Outcome o = TransferChecks.beforeStore(name, size, size, ANY_SHA256, header);
        if (o.refusal() != null) {
            return new Verdict(o.refusal().message(), null);
        }
        if (o.identity() != null && binding != null) {
            CommitResult refused = ArchiveBinding.check(archive, name, binding, o.identity());
            if (refused != null) {
                return new Verdict(refused.message(), o.identity());
            }
        }
        return new Verdict(null, o.identity());
    }
}
