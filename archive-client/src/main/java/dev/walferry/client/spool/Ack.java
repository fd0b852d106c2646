package dev.walferry.client.spool;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code NAME.ack}: the receiver's durable acknowledgement of a file as it was when hashed, for one
 * {@code archive@host:port}. The grammar ({@code ack-file} in docs/spool.md) is one line,
 * {@code size SP sha256 SP mtime SP inode SP target LF}, in printable ASCII; lib/walferry-fastpath.sh parses the same
 * grammar (SpoolGrammarAgreementTest holds the two to it).
 */
public record Ack(long size, String sha256Hex, long mtimeNanos, long inode, String target) {

    private static final String NUMBER = "(0|[1-9][0-9]{0,18})";
    private static final Pattern LINE =
            Pattern.compile(NUMBER + " ([0-9a-f]{64}) " + NUMBER + " " + NUMBER + " ([!-~]+)\n");

    /** The ack of a file acknowledged with {@code size} and {@code sha256}, stamped {@code stamp} when hashed. */
    public static Ack of(long size, byte[] sha256, FileStamp stamp, String target) {
        return new Ack(size, HexFormat.of().formatHex(sha256), stamp.mtimeNanos(), stamp.inode(), target);
    }

    /** The file's content; empty when it does not follow the grammar (such an ack never matches). */
    public static Optional<Ack> parse(byte[] content) {
        // ISO-8859-1 maps each byte to one char, so a byte outside printable ASCII fails the pattern
        Matcher m = LINE.matcher(new String(content, StandardCharsets.ISO_8859_1));
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Ack(
                    Long.parseLong(m.group(1)),
                    m.group(2),
                    Long.parseLong(m.group(3)),
                    Long.parseLong(m.group(4)),
                    m.group(5)));
        } catch (NumberFormatException tooLarge) {
            return Optional.empty();
        }
    }

    /** The file's content, exactly as {@link #parse} reads it. */
    public byte[] format() {
        return (size + " " + sha256Hex + " " + mtimeNanos + " " + inode + " " + target + "\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** Whether this ack is for {@code currentTarget} and the file is unchanged since it was hashed ({@code now}). */
    public boolean matches(FileStamp now, String currentTarget) {
        return target.equals(currentTarget)
                && now.size() == size
                && now.mtimeNanos() == mtimeNanos
                && now.inode() == inode;
    }
}
