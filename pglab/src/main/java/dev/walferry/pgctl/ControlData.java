package dev.walferry.pgctl;

import java.util.LinkedHashMap;
import java.util.Map;

/** The output of {@code pg_controldata}, one entry per {@code "label: value"} line. */
public record ControlData(Map<String, String> fields) {

    public ControlData {
        fields = Map.copyOf(fields);
    }

    public static ControlData parse(String output) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                fields.put(
                        line.substring(0, colon).strip(),
                        line.substring(colon + 1).strip());
            }
        }
        return new ControlData(fields);
    }

    /**
     * The value of one field, by its label as printed (in the C locale).
     *
     * @throws PgException when the output has no such field
     */
    public String get(String label) {
        String v = fields.get(label);
        if (v == null) {
            throw new PgException("pg_controldata printed no \"" + label + "\"");
        }
        return v;
    }

    /** The cluster's system identifier, an unsigned 64-bit number held in a long. */
    public long systemIdentifier() {
        return Long.parseUnsignedLong(get("Database system identifier"));
    }

    /** {@code "in production"}, {@code "shut down"}, {@code "in archive recovery"}, ... */
    public String clusterState() {
        return get("Database cluster state");
    }

    public long latestCheckpointTimeline() {
        return Long.parseLong(get("Latest checkpoint's TimeLineID"));
    }

    public int walSegmentSize() {
        return Integer.parseInt(get("Bytes per WAL segment"));
    }
}
