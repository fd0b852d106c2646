package dev.walferry.server.inspect;

import dev.walferry.protocol.wal.WalFileKind;
import dev.walferry.protocol.wal.WalFileName;
import dev.walferry.protocol.wal.WalPageHeader;
import dev.walferry.server.storage.ArchiveView;
import dev.walferry.server.storage.ArchivedFile;
import dev.walferry.server.storage.StoredFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * {@code walferry archive show NAME}: one stored file's WAL long page header (segments and {@code .partial}
 * files) and its recorded versus actual SHA-256.
 *
 * @param name          the file
 * @param size          bytes on disk
 * @param header        the parsed long page header, null for history and backup files or when it does not parse
 * @param headerError   why the header does not parse, null when it does or does not apply
 * @param recordedSha   SHA-256 in the checksum log, null without a record
 * @param recordedSize  size in the checksum log, -1 without a record
 * @param storedAtMillis when it was stored (the record's time, else the file's modification time)
 * @param actualSha     SHA-256 of the bytes on disk now
 */
public record FileReport(
        WalFileName name,
        long size,
        WalPageHeader header,
        String headerError,
        String recordedSha,
        long recordedSize,
        long storedAtMillis,
        String actualSha) {

    /** True when a checksum record exists and matches the bytes on disk. */
    public boolean checksumOk() {
        return recordedSha != null && recordedSha.equals(actualSha) && recordedSize == size;
    }

    /**
     * @return empty when the archive has no file of that name
     * @throws IOException when the file cannot be read
     */
    public static Optional<FileReport> of(ArchiveView reader, WalFileName name) throws IOException {
        Optional<ArchivedFile> found = reader.snapshot().files().stream()
                .filter(f -> f.name().equals(name))
                .findFirst();
        if (found.isEmpty()) {
            return Optional.empty();
        }
        ArchivedFile f = found.get();
        byte[] head = new byte[WalPageHeader.LENGTH];
        int headLen = 0;
        long size = 0;
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
        try (InputStream in = reader.open(name)) {
            byte[] buf = new byte[256 * 1024];
            int n;
            while ((n = in.read(buf)) != -1) {
                if (headLen < head.length) {
                    int k = Math.min(n, head.length - headLen);
                    System.arraycopy(buf, 0, head, headLen, k);
                    headLen += k;
                }
                md.update(buf, 0, n);
                size += n;
            }
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        WalPageHeader header = null;
        String headerError = null;
        if (name.kind() == WalFileKind.SEGMENT || name.kind() == WalFileKind.PARTIAL) {
            try {
                header = WalPageHeader.parse(head, 0, headLen);
            } catch (IllegalArgumentException e) {
                headerError = e.getMessage();
            }
        }
        StoredFile r = f.record();
        return Optional.of(new FileReport(
                name,
                size,
                header,
                headerError,
                r == null ? null : r.sha256Hex(),
                r == null ? -1 : r.size(),
                f.storedAtMillis(),
                HexFormat.of().formatHex(md.digest())));
    }

    /**
     * Wire form, keys: name, size, stored_at, actual_sha256, [recorded_sha256, recorded_size],
     * [magic, info, timeline, page_address, system_identifier, segment_size, block_size] | [header_error].
     */
    public List<KeyValue> toItems() {
        List<KeyValue> out = new ArrayList<>();
        out.add(new KeyValue("name", name.toString()));
        out.add(KeyValue.of("size", size));
        out.add(KeyValue.of("stored_at", storedAtMillis));
        out.add(new KeyValue("actual_sha256", actualSha));
        if (recordedSha != null) {
            out.add(new KeyValue("recorded_sha256", recordedSha));
            out.add(KeyValue.of("recorded_size", recordedSize));
        }
        if (header != null) {
            out.add(KeyValue.of("magic", header.magic()));
            out.add(KeyValue.of("info", header.info()));
            out.add(KeyValue.of("timeline", header.timeline()));
            out.add(KeyValue.of("page_address", header.pageAddress()));
            out.add(KeyValue.of("system_identifier", Long.toUnsignedString(header.systemIdentifier())));
            out.add(KeyValue.of("segment_size", header.segmentSize()));
            out.add(KeyValue.of("block_size", header.blockSize()));
        }
        if (headerError != null) {
            out.add(new KeyValue("header_error", headerError));
        }
        return out;
    }

    /** @throws IllegalArgumentException on a malformed value */
    public static FileReport fromItems(List<KeyValue> items) {
        java.util.Map<String, String> m = new java.util.HashMap<>();
        items.forEach(kv -> m.put(kv.key(), kv.value()));
        WalPageHeader header = null;
        if (m.containsKey("magic")) {
            header = new WalPageHeader(
                    Integer.parseInt(m.get("magic")),
                    Integer.parseInt(m.get("info")),
                    Long.parseLong(m.get("timeline")),
                    Long.parseLong(m.get("page_address")),
                    Long.parseUnsignedLong(m.get("system_identifier")),
                    Integer.parseInt(m.get("segment_size")),
                    Integer.parseInt(m.get("block_size")));
        }
        return new FileReport(
                WalFileName.parse(m.get("name")),
                Long.parseLong(m.get("size")),
                header,
                m.get("header_error"),
                m.get("recorded_sha256"),
                m.containsKey("recorded_size") ? Long.parseLong(m.get("recorded_size")) : -1,
                Long.parseLong(m.get("stored_at")),
                m.get("actual_sha256"));
    }
}
