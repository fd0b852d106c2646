package dev.walferry.cli.options;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.walferry.client.failure.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Without --config, client commands read client.conf and serve reads receiver.conf from the default directory. */
class DefaultConfigFileTest {

    @TempDir
    Path dir;

    @BeforeEach
    void pointDefaultDirectoryHere() {
        System.setProperty(ConfigFileDefaults.DIR_PROPERTY, dir.toString());
    }

    @AfterEach
    void restore() {
        System.clearProperty(ConfigFileDefaults.DIR_PROPERTY);
    }

    @Test
    void push_withoutConfig_takesItsOptionsFromClientConf() throws Exception {
        Files.write(
                dir.resolve("client.conf"),
                List.of("server = 127.0.0.1:1", "archive = main", "tls-dir = " + dir, "identity = primary"));
        ConfigCheckTest.Run r =
                ConfigCheckTest.walferry("push", "/nonexistent/000000010000000000000001", "000000010000000000000001");
        // Past option parsing (no "Missing required options"): it fails on the file itself.
        assertEquals(ExitCode.LOCAL_IO.code(), r.code(), r.err());
    }

    @Test
    void push_withoutAnyConfigFile_needsItsOptions() {
        ConfigCheckTest.Run r = ConfigCheckTest.walferry("push", "x", "000000010000000000000001");
        assertEquals(ExitCode.USAGE.code(), r.code());
        assertTrue(r.err().startsWith("Missing required options"), r.err());
    }

    @Test
    void explicitConfig_winsOverTheDefaultFile() throws Exception {
        Files.write(dir.resolve("client.conf"), List.of("bogus = 1"));
        Path mine = Files.write(
                dir.resolve("mine.conf"),
                List.of("server = 127.0.0.1:1", "archive = main", "tls-dir = " + dir, "identity = primary"));
        ConfigCheckTest.Run r = ConfigCheckTest.walferry(
                "push",
                "--config",
                mine.toString(),
                "/nonexistent/000000010000000000000001",
                "000000010000000000000001");
        assertEquals(ExitCode.LOCAL_IO.code(), r.code(), r.err());
    }

    @Test
    void serve_defaultFileWithUnknownKey_refusesToStart() throws Exception {
        Files.write(dir.resolve("receiver.conf"), List.of("listen = 127.0.0.1:0", "archives = main=/x"));
        ConfigCheckTest.Run r = ConfigCheckTest.walferry("serve");
        assertEquals(ExitCode.USAGE.code(), r.code());
        assertTrue(r.err().contains(dir.resolve("receiver.conf") + ":2: key 'archives': unknown key"), r.err());
    }

    @Test
    void configCheck_withoutFile_checksTheDefaultFiles() throws Exception {
        Files.write(dir.resolve("receiver.conf"), List.of("listen = 127.0.0.1:0"));
        Files.write(dir.resolve("client.conf"), List.of("server = a:1"));
        ConfigCheckTest.Run r = ConfigCheckTest.walferry("config", "check");
        assertEquals(0, r.code(), r.err());
        assertEquals(
                2, r.out().lines().filter(l -> l.endsWith("configuration)")).count(), r.out());
    }
}
