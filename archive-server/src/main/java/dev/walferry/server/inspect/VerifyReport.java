package dev.walferry.server.inspect;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@link Verifier} found.
 *
 * @param files    stored files re-hashed
 * @param bytes    bytes re-hashed
 * @param findings every problem, in the order: files by name, temp files, history problems, gaps, timelines
 *                 without history
 */
public record VerifyReport(long files, long bytes, List<Finding> findings) {

    public boolean ok() {
        return findings.isEmpty();
    }

    public List<KeyValue> toItems() {
        List<KeyValue> out = new ArrayList<>();
        out.add(KeyValue.of("files", files));
        out.add(KeyValue.of("bytes", bytes));
        findings.forEach(f -> out.add(f.toItem()));
        return out;
    }

    /** @throws IllegalArgumentException on an unknown key or a malformed value */
    public static VerifyReport fromItems(List<KeyValue> items) {
        long files = 0;
        long bytes = 0;
        List<Finding> findings = new ArrayList<>();
        for (KeyValue kv : items) {
            switch (kv.key()) {
                case "files" -> files = Long.parseLong(kv.value());
                case "bytes" -> bytes = Long.parseLong(kv.value());
                default -> findings.add(Finding.ofItem(kv));
            }
        }
        return new VerifyReport(files, bytes, List.copyOf(findings));
    }
}
