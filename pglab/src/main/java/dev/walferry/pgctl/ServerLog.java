package dev.walferry.pgctl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** A server log file ({@code pg_ctl -l}), read from a remembered offset to show what one start printed. */
public record ServerLog(Path file) {

    /** The current end of the log, to read what is written after it. */
    public long end() {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** What was written from {@code offset} on. */
    public String readFrom(long offset) {
        try {
            byte[] all = Files.readAllBytes(file);
            int from = (int) Math.min(offset, all.length);
            return new String(all, from, all.length - from, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }

    /** The last {@code n} lines of {@code text}. */
    public static String lastLines(String text, int n) {
        String[] lines = text.strip().split("\n");
        return String.join("\n", Arrays.asList(lines).subList(Math.max(0, lines.length - n), lines.length));
    }
}
