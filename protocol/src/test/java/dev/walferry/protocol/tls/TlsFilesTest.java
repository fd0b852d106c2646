package dev.walferry.protocol.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TlsFilesTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"primary", "standby-2", "pg_01.example", "A"})
    void isValidIdentity_lettersDigitsDotDashUnderscore_accepted(String identity) {
        assertTrue(TlsFiles.isValidIdentity(identity));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "../x", "a/b", "a b", "é", "a\u0000", "ca", "CA", "server", "Server"})
    void isValidIdentity_pathsSpacesNonAsciiAndReservedNames_refused(String identity) {
        assertFalse(TlsFiles.isValidIdentity(identity));
    }

    @Test
    void isValidIdentity_64Characters_accepted() {
        assertTrue(TlsFiles.isValidIdentity("x".repeat(64)));
    }

    @Test
    void isValidIdentity_65Characters_refused() {
        assertFalse(TlsFiles.isValidIdentity("x".repeat(65)));
    }

    @Test
    void requireValidIdentity_reservedName_saysItIsReserved() {
        TlsConfigException e = assertThrows(TlsConfigException.class, () -> TlsFiles.requireValidIdentity("server"));
        assertEquals(
                "identity name 'server' is reserved: its files would be the CA's or the receiver's", e.getMessage());
    }

    @Test
    void clientFiles_areIdCrtAndIdKeyInTheDirectory() throws TlsConfigException {
        assertEquals(dir.resolve("primary.crt"), TlsFiles.clientCert(dir, "primary"));
        assertEquals(dir.resolve("primary.key"), TlsFiles.clientKey(dir, "primary"));
    }

    @Test
    void clientCert_invalidIdentity_throwsBeforeBuildingAPath() {
        TlsConfigException e = assertThrows(TlsConfigException.class, () -> TlsFiles.clientCert(dir, "../etc"));
        assertEquals(
                "invalid identity name '../etc': use 1 to 64 ASCII letters, digits, '.', '-' or '_'", e.getMessage());
    }

    @Test
    void requireReadable_missingFile_namesRoleAndPath() {
        TlsConfigException e = assertThrows(
                TlsConfigException.class, () -> TlsFiles.requireReadable(dir.resolve("ca.crt"), "CA certificate"));
        assertEquals("CA certificate " + dir.resolve("ca.crt") + " is missing", e.getMessage());
    }

    @Test
    void requireReadable_directory_saysNotARegularFile() throws IOException {
        Files.createDirectory(dir.resolve("ca.crt"));
        TlsConfigException e = assertThrows(
                TlsConfigException.class, () -> TlsFiles.requireReadable(dir.resolve("ca.crt"), "CA certificate"));
        assertEquals("CA certificate " + dir.resolve("ca.crt") + " is not a regular file", e.getMessage());
    }

    @Property
    void isValidIdentity_anyAcceptedName_isASafeFileNameComponent(@ForAll String identity) {
        if (TlsFiles.isValidIdentity(identity)) {
            assertTrue(identity.length() <= TlsFiles.MAX_IDENTITY_LENGTH);
            assertFalse(identity.contains("/") || identity.equals("..") || identity.equals("."));
            assertTrue(identity.chars().allMatch(c -> c > 0x20 && c < 0x7f));
        }
    }
}
