package dev.walferry.client.spool;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/**
 * {@code NAME.want}: the launcher's request to the push-agent, {@code path LF target LF} in UTF-8
 * ({@code want-file} in docs/spool.md). The launcher writes it (lib/walferry-fastpath.sh); {@link Requests} reads it.
 */
public record Want(String path, String target) {

    public static final String SUFFIX = ".want";

    /** @throws IllegalArgumentException naming {@code name} and what is wrong with its content */
    public static Want parse(String name, byte[] content) {
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(ByteBuffer.wrap(content))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("the request for " + name + " is not UTF-8");
        }
        String[] lines = text.split("\n", -1);
        if (lines.length != 3 || !lines[2].isEmpty()) {
            throw new IllegalArgumentException("the request for " + name + " is not two lines (path, archive@server)");
        }
        return new Want(lines[0], lines[1]);
    }

    /** The file's content as the launcher writes it ({@code printf '%s\n%s\n'}). */
    public byte[] format() {
        return (path + "\n" + target + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
