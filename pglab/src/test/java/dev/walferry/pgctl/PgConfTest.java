package dev.walferry.pgctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PgConfTest {

    @Test
    void line_quotesAndBackslashes_areEscaped() {
        assertEquals(
                "archive_command = 'test ! -f ''/a b''/%f'", PgConf.line("archive_command", "test ! -f '/a b'/%f"));
        assertEquals("x.y = 'C:\\\\dir'", PgConf.line("x.y", "C:\\dir"));
        assertEquals("unix_socket_directories = ''", PgConf.line("unix_socket_directories", ""));
    }

    @Test
    void line_nameOrValueThatCouldInjectSettings_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> PgConf.line("port = 1\nfsync", "off"));
        assertThrows(IllegalArgumentException.class, () -> PgConf.line("fsync", "off'\nport = '1"));
    }

    @Test
    void append_keepsExistingContentAndMapOrder(@TempDir Path dataDir) throws IOException {
        Files.writeString(dataDir.resolve("postgresql.conf"), "max_connections = 100\n");
        Map<String, String> s = new LinkedHashMap<>();
        s.put("port", "5433");
        s.put("fsync", "off");

        PgConf.append(dataDir, s);

        String conf = Files.readString(dataDir.resolve("postgresql.conf"));
        assertTrue(conf.startsWith("max_connections = 100\n"), conf);
        assertTrue(conf.endsWith("port = '5433'\nfsync = 'off'\n"), conf);
    }
}
