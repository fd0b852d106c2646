package dev.walferry.pgctl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CopyArchiveTest {

    @Test
    void archiveCommand_refusesOverwriteAndRenamesIntoPlace() {
        assertEquals(
                "test ! -f /a/arch/%f && cp %p /a/arch/.%f.tmp && mv /a/arch/.%f.tmp /a/arch/%f",
                CopyArchive.archiveCommand(Path.of("/a/arch")));
    }

    @Test
    void restoreCommand_quotesPathsWithSpaces() {
        assertEquals("cp '/a b'/%f %p", CopyArchive.restoreCommand(Path.of("/a b")));
    }
}
