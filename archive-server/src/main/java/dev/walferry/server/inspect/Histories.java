package dev.walferry.server.inspect;

import dev.walferry.protocol.wal.WalFileKind;
import dev.walferry.server.storage.ArchiveSnapshot;
import dev.walferry.server.storage.ArchiveView;
import dev.walferry.server.storage.ArchivedFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The history files of an archive, parsed, plus findings for those that could not be read or parsed.
 *
 * @param byTimeline parsed histories by the timeline they belong to
 * @param problems   {@link Finding.Kind#BAD_HISTORY} findings
 */
record Histories(Map<Long, TimelineHistory> byTimeline, List<Finding> problems) {

    /** History files are a few lines; anything larger is not one. */
    static final int MAX_HISTORY_BYTES = 1 << 20;

    static Histories read(ArchiveView reader, ArchiveSnapshot snapshot) {
        Map<Long, TimelineHistory> out = new HashMap<>();
        List<Finding> problems = new ArrayList<>();
        for (ArchivedFile f : snapshot.files()) {
            if (f.name().kind() != WalFileKind.HISTORY) {
                continue;
            }
            try (InputStream in = reader.open(f.name())) {
                byte[] b = in.readNBytes(MAX_HISTORY_BYTES + 1);
                if (b.length > MAX_HISTORY_BYTES) {
                    throw new IllegalArgumentException("larger than " + MAX_HISTORY_BYTES + " bytes");
                }
                out.put(
                        f.name().timeline(),
                        TimelineHistory.parse(f.name().timeline(), new String(b, StandardCharsets.US_ASCII)));
            } catch (IOException | IllegalArgumentException e) {
                problems.add(new Finding(
                        Finding.Kind.BAD_HISTORY,
                        f.name().toString(),
                        "cannot read the history file: " + e.getMessage()));
            }
        }
        return new Histories(out, problems);
    }
}
