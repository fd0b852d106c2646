package dev.walferry.protocol.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failures to load a TLS directory; handshakes with real certificates are tested in archive-client. */
class TlsContextsTest {

    @TempDir
    Path dir;

    @Test
    void server_emptyDirectory_namesMissingCaCertificate() {
        TlsConfigException e = assertThrows(TlsConfigException.class, () -> TlsContexts.server(dir));
        assertEquals("CA certificate " + dir.resolve("ca.crt") + " is missing", e.getMessage());
    }

    @Test
    void server_missingKey_namesTheKeyFile() throws IOException {
        Files.writeString(dir.resolve("ca.crt"), "x");
        Files.writeString(dir.resolve("server.crt"), "x");
        TlsConfigException e = assertThrows(TlsConfigException.class, () -> TlsContexts.server(dir));
        assertEquals("receiver private key " + dir.resolve("server.key") + " is missing", e.getMessage());
    }

    @Test
    void client_missingClientCertificate_namesIdCrt() throws IOException {
        Files.writeString(dir.resolve("ca.crt"), "x");
        TlsConfigException e = assertThrows(TlsConfigException.class, () -> TlsContexts.client(dir, "primary"));
        assertEquals("client certificate " + dir.resolve("primary.crt") + " is missing", e.getMessage());
    }

    @Test
    void client_invalidIdentity_refusedBeforeReadingFiles() throws IOException {
        Files.writeString(dir.resolve("ca.crt"), "x");
        TlsConfigException e = assertThrows(TlsConfigException.class, () -> TlsContexts.client(dir, "a/b"));
        assertTrue(e.getMessage().startsWith("invalid identity name 'a/b'"), e.getMessage());
    }

    @Test
    void server_garbageFiles_saysWhichFilesAreUnusable() throws IOException {
        for (String name : new String[] {"ca.crt", "server.crt", "server.key"}) {
            Files.writeString(dir.resolve(name), "not PEM\n");
        }
        TlsConfigException e = assertThrows(TlsConfigException.class, () -> TlsContexts.server(dir));
        assertTrue(
                e.getMessage()
                        .startsWith("certificate " + dir.resolve("server.crt") + " or private key "
                                + dir.resolve("server.key") + " is unusable"),
                e.getMessage());
    }
}
