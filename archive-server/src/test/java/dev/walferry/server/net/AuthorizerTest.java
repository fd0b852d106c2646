package dev.walferry.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.walferry.protocol.message.Result;
import dev.walferry.protocol.message.Status;
import dev.walferry.server.storage.DirectoryStorage;
import dev.walferry.server.storage.StorageOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The receiver's one authorization rule, the same for every request kind (docs/protocol.md, FORBIDDEN). */
class AuthorizerTest {

    @TempDir
    Path tmp;

    DirectoryStorage main;
    DirectoryStorage open;
    AtomicReference<ArchiveAccess> rules = new AtomicReference<>();
    Authorizer authorizer = new Authorizer(rules::get);

    @BeforeEach
    void archives() throws IOException {
        main = DirectoryStorage.open("main", tmp.resolve("main"), StorageOptions.defaults());
        open = DirectoryStorage.open("open", tmp.resolve("open"), StorageOptions.defaults());
        rules.set(new ArchiveAccess(Map.of("main", main, "open", open), Map.of("main", Set.of("primary"))));
    }

    @AfterEach
    void close() throws IOException {
        main.close();
        open.close();
    }

    @ParameterizedTest
    @EnumSource(Request.Kind.class)
    void everyKind_isCheckedAlike(Request.Kind kind) {
        assertSame(main, authorizer.check("primary", request(kind, "main")).storage());
        assertSame(open, authorizer.check("anyone", request(kind, "open")).storage());
        assertRefused(
                authorizer.check("intruder", request(kind, "main")),
                Status.FORBIDDEN,
                "identity \"intruder\" may not use archive \"main\"");
        assertRefused(
                authorizer.check("primary", request(kind, "nope\n")),
                Status.UNKNOWN_ARCHIVE,
                "no archive named \"nope\\u000a\" on this receiver");
    }

    @Test
    void aReload_appliesToTheNextCheck() {
        assertTrue(
                authorizer.check("intruder", request(Request.Kind.PUT, "open")).granted());
        rules.set(new ArchiveAccess(Map.of("main", main, "open", open), Map.of("open", Set.of("primary"))));
        assertFalse(
                authorizer.check("intruder", request(Request.Kind.PUT, "open")).granted());
        assertTrue(
                authorizer.check("intruder", request(Request.Kind.PUT, "main")).granted());
    }

    private static Request request(Request.Kind kind, String archive) {
        return new Request(
                kind, 7, archive, kind.operator() || kind == Request.Kind.LIST ? null : "000000010000000000000001");
    }

    private static void assertRefused(Authorizer.Decision d, Status status, String message) {
        assertFalse(d.granted());
        Result r = d.refusal();
        assertEquals(7, r.streamId(), "addressed to the request's stream");
        assertEquals(status, r.status());
        assertEquals(message, r.message());
    }
}
