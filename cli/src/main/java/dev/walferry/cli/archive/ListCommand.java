package dev.walferry.cli.archive;

import dev.walferry.cli.output.Json;
import dev.walferry.cli.output.JsonOption;
import dev.walferry.protocol.wal.WalFileKind;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code walferry archive list}: the stored files with size, stored time and checksum. */
@Command(name = "list", description = "List the archived files with size, stored time (UTC) and SHA-256.")
final class ListCommand extends ArchiveSubcommand {

    @Option(names = "--from", paramLabel = "NAME", description = "Only files whose name sorts at or after NAME.")
    String from;

    @Option(names = "--to", paramLabel = "NAME", description = "Only files whose name sorts at or before NAME.")
    String to;

    @Option(names = "--timeline", paramLabel = "N", description = "Only files of timeline N.")
    Long timeline;

    @Mixin
    JsonOption output;

    @Override
    public Integer call() {
        List<ListedFile> files;
        try (ArchiveSource source = target.open()) {
            files = source.list(from, to).stream()
                    .filter(f -> timeline == null || f.name().timeline() == timeline)
                    .toList();
        }
        PrintWriter out = spec.commandLine().getOut();
        if (output.on()) {
            out.println(Json.write(
                    Map.of("files", files.stream().map(ListCommand::toJson).toList())));
        } else {
            for (ListedFile f : files) {
                String tag = f.name().kind() == WalFileKind.SEGMENT
                        ? ""
                        : "  " + kind(f.name().kind());
                out.println(String.format(
                        Locale.ROOT,
                        "%-40s %10d  %s  %s%s",
                        f.name(),
                        f.size(),
                        Text.time(f.storedAtMillis()),
                        f.sha256() == null ? "(no checksum record)" : f.sha256(),
                        tag));
            }
            long bytes = files.stream().mapToLong(ListedFile::size).sum();
            out.println(files.size() + " file" + (files.size() == 1 ? "" : "s") + ", " + Text.bytes(bytes));
        }
        out.flush();
        return 0;
    }

    static String kind(WalFileKind k) {
        return k.name().toLowerCase(Locale.ROOT);
    }

    private static Map<String, Object> toJson(ListedFile f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", f.name().toString());
        m.put("kind", kind(f.name().kind()));
        m.put("timeline", f.name().timeline());
        m.put("size", f.size());
        m.put("stored_at", Text.time(f.storedAtMillis()));
        m.put("sha256", f.sha256());
        return m;
    }
}
