package dev.walferry.server.inspect;

import java.util.ArrayList;
import java.util.List;

/**
 * A parsed timeline history file ({@code TTTTTTTT.history}), as PostgreSQL writes it at promotion. Grammar:
 * <pre>
 *   file   = *( entry / comment / blank )
 *   entry  = parentTLI WS switchpoint [ WS reason ] LF   ; parentTLI decimal, switchpoint "X/Y" hex LSN
 *   comment = "#" *any LF
 * </pre>
 * Entries run from the oldest ancestor to the direct parent: the last entry says which timeline this one
 * branched from and at which LSN it did.
 *
 * @param timeline the timeline the file belongs to
 * @param switches ancestors with the LSN where each one ended, oldest first
 */
public record TimelineHistory(long timeline, List<Switch> switches) {

    /** Timeline {@code parent} ended at {@code lsn}, where its child began. */
    public record Switch(long parent, long lsn) {}

    /**
     * @throws IllegalArgumentException naming the line that does not parse
     */
    public static TimelineHistory parse(long timeline, String text) {
        List<Switch> out = new ArrayList<>();
        int lineNo = 0;
        for (String raw : text.split("\n")) {
            lineNo++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\\s+");
            int slash = f.length >= 2 ? f[1].indexOf('/') : -1;
            if (slash <= 0) {
                throw new IllegalArgumentException(
                        "line " + lineNo + " \"" + line + "\" is not \"<parent timeline> <switch LSN X/Y> [reason]\"");
            }
            try {
                long parent = Long.parseLong(f[0]);
                long lsn = (Long.parseLong(f[1].substring(0, slash), 16) << 32)
                        | Long.parseLong(f[1].substring(slash + 1), 16);
                out.add(new Switch(parent, lsn));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("line " + lineNo + " \"" + line + "\": " + e.getMessage());
            }
        }
        return new TimelineHistory(timeline, List.copyOf(out));
    }

    /** The direct parent's switch, null for a history without entries. */
    public Switch parentSwitch() {
        return switches.isEmpty() ? null : switches.get(switches.size() - 1);
    }
}
