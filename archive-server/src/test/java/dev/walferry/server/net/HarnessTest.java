package dev.walferry.server.net;

import dev.walferry.server.storage.DirectoryStorage;
import dev.walferry.server.storage.StorageOptions;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Tests against a {@link HandlerHarness} serving a fresh directory archive "main" each. */
abstract class HarnessTest {

    @TempDir
    Path tmp;

    DirectoryStorage storage;
    HandlerHarness rx;

    @BeforeEach
    void openHarness() throws IOException {
        storage = DirectoryStorage.open("main", tmp.resolve("archive"), StorageOptions.defaults());
        rx = new HandlerHarness(storage);
    }

    @AfterEach
    void closeHarness() throws IOException {
        rx.close();
        storage.close();
    }
}
