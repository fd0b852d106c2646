package dev.walferry.pgctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PgBinariesTest {

    @Test
    void compareVersions_numericNotLexical() {
        assertTrue(PgBinaries.compareVersions("9.6", "10") < 0);
        assertTrue(PgBinaries.compareVersions("15", "9.6") > 0);
        assertTrue(PgBinaries.compareVersions("16", "15") > 0);
        assertEquals(0, PgBinaries.compareVersions("15", "15"));
    }

    @Test
    void at_directoryWithoutServerTools_isRefusedByName(@TempDir Path empty) {
        PgException e = assertThrows(PgException.class, () -> PgBinaries.at(empty));

        assertEquals(
                empty + " does not hold the PostgreSQL server binaries [initdb, pg_ctl, postgres]", e.getMessage());
    }

    @Test
    void notFoundMessage_saysWhatToInstall() {
        assertEquals(
                "PostgreSQL server binaries not found (initdb, pg_ctl); install them, e.g. apt-get install postgresql",
                PgBinaries.NOT_FOUND_MESSAGE);
    }
}
