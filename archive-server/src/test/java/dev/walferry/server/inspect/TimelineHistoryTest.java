package dev.walferry.server.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class TimelineHistoryTest {

    @Test
    void parse_historyAsPostgresWritesIt_givesSwitchesOldestFirst() {
        TimelineHistory h = TimelineHistory.parse(
                3, "1\t0/5000028\tno recovery target specified\n\n" + "2\t1/A0000000\tat restore point \"x\"\n");
        assertEquals(
                List.of(new TimelineHistory.Switch(1, 0x5000028L), new TimelineHistory.Switch(2, 0x1A0000000L)),
                h.switches());
        assertEquals(new TimelineHistory.Switch(2, 0x1A0000000L), h.parentSwitch());
    }

    @Test
    void parse_lineWithoutLsn_namesTheLine() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> TimelineHistory.parse(2, "# comment\n1 garbage\n"));
        assertEquals("line 2 \"1 garbage\" is not \"<parent timeline> <switch LSN X/Y> [reason]\"", e.getMessage());
    }
}
