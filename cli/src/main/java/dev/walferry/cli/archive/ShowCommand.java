package dev.walferry.cli.archive;

import dev.walferry.cli.output.Json;
import dev.walferry.cli.output.JsonOption;
import dev.walferry.client.failure.ExitCode;
import dev.walferry.client.failure.WalferryException;
import dev.walferry.protocol.wal.WalFileName;
import dev.walferry.protocol.wal.WalPageHeader;
import dev.walferry.server.inspect.FileReport;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code walferry archive show NAME}: one file's WAL long page header and its recorded versus actual SHA-256. */
@Command(
        name = "show",
        description = {
            "Show one archived file: WAL page header and recorded vs actual SHA-256.",
            "Exits 1 when the file is not archived, 15 when its checksum does not match its record."
        })
final class ShowCommand extends ArchiveSubcommand {

    @Mixin
    JsonOption output;

    @Parameters(index = "0", paramLabel = "NAME", description = "The archived file, e.g. 000000010000000000000003.")
    String name;

    @Override
    public Integer call() {
        WalFileName wal;
        try {
            wal = WalFileName.parse(name);
        } catch (IllegalArgumentException e) {
            throw new WalferryException(ExitCode.USAGE, e.getMessage());
        }
        FileReport r;
        try (ArchiveSource source = target.open()) {
            r = source.show(wal)
                    .orElseThrow(
                            () -> new WalferryException(ExitCode.NOT_FOUND, wal + " is not in " + source.describe()));
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(output.on() ? Json.write(toJson(r)) : text(r));
        out.flush();
        return r.checksumOk() ? ExitCode.OK.code() : ExitCode.UNHEALTHY.code();
    }

    private static String text(FileReport r) {
        StringBuilder b = new StringBuilder();
        b.append("file:              ")
                .append(r.name())
                .append(" (")
                .append(ListCommand.kind(r.name().kind()))
                .append(", ")
                .append(r.size())
                .append(" bytes, stored ")
                .append(Text.time(r.storedAtMillis()))
                .append(")\n");
        WalPageHeader h = r.header();
        if (h != null) {
            b.append(String.format(
                    "magic:             0x%04X (PostgreSQL %s)%n",
                    h.magic(), WalPageHeader.versionForMagic(h.magic())));
            b.append("system identifier: ")
                    .append(Long.toUnsignedString(h.systemIdentifier()))
                    .append('\n');
            b.append("segment size:      ")
                    .append(h.segmentSize())
                    .append(" (")
                    .append(Text.bytes(h.segmentSize()))
                    .append(")\n");
            b.append("timeline:          ").append(h.timeline()).append('\n');
            b.append("page address:      ").append(lsn(h.pageAddress())).append('\n');
            b.append("block size:        ").append(h.blockSize()).append('\n');
        } else if (r.headerError() != null) {
            b.append("header:            not a WAL long page header: ")
                    .append(r.headerError())
                    .append('\n');
        }
        b.append("recorded sha256:   ")
                .append(r.recordedSha() == null ? "(no checksum record)" : r.recordedSha())
                .append('\n');
        b.append("actual sha256:     ").append(r.actualSha()).append('\n');
        b.append("checksum:          ")
                .append(
                        r.checksumOk()
                                ? "OK"
                                : r.recordedSha() == null
                                        ? "UNKNOWN (no record)"
                                        : r.recordedSize() != r.size()
                                                ? "MISMATCH (size " + r.size() + ", recorded " + r.recordedSize() + ")"
                                                : "MISMATCH");
        return b.toString();
    }

    static String lsn(long lsn) {
        return String.format("%X/%X", lsn >>> 32, lsn & 0xFFFFFFFFL);
    }

    private static Map<String, Object> toJson(FileReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", r.name().toString());
        m.put("kind", ListCommand.kind(r.name().kind()));
        m.put("size", r.size());
        m.put("stored_at", Text.time(r.storedAtMillis()));
        WalPageHeader h = r.header();
        if (h == null) {
            m.put("header", null);
        } else {
            Map<String, Object> hm = new LinkedHashMap<>();
            hm.put("magic", String.format("0x%04X", h.magic()));
            hm.put("postgres_version", WalPageHeader.versionForMagic(h.magic()));
            hm.put("system_identifier", Long.toUnsignedString(h.systemIdentifier()));
            hm.put("segment_size", (long) h.segmentSize());
            hm.put("timeline", h.timeline());
            hm.put("page_address", lsn(h.pageAddress()));
            hm.put("block_size", (long) h.blockSize());
            m.put("header", hm);
        }
        m.put("header_error", r.headerError());
        m.put("recorded_sha256", r.recordedSha());
        m.put("recorded_size", r.recordedSha() == null ? null : r.recordedSize());
        m.put("actual_sha256", r.actualSha());
        m.put("checksum_ok", r.checksumOk());
        return m;
    }
}
