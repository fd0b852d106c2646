package dev.walferry.pgctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ControlDataTest {

    private static final String OUTPUT = """
            pg_control version number:            1300
            Database system identifier:           18446744073709551615
            Database cluster state:               in production
            Latest checkpoint location:           0/1500708
            Latest checkpoint's TimeLineID:       2
            Bytes per WAL segment:                16777216
            """;

    @Test
    void parse_pgControldataOutput_exposesFields() {
        ControlData c = ControlData.parse(OUTPUT);

        assertEquals(-1L, c.systemIdentifier()); // unsigned 2^64-1 held in a long
        assertEquals("in production", c.clusterState());
        assertEquals("0/1500708", c.get("Latest checkpoint location"));
        assertEquals(2, c.latestCheckpointTimeline());
        assertEquals(16777216, c.walSegmentSize());
    }

    @Test
    void get_missingField_namesIt() {
        PgException e =
                assertThrows(PgException.class, () -> ControlData.parse("").clusterState());

        assertEquals("pg_controldata printed no \"Database cluster state\"", e.getMessage());
    }
}
