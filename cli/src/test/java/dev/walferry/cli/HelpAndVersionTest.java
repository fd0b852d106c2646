package dev.walferry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.walferry.cli.ReceiverFixture.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every command answers --help with its usage and exit 0; --version names the protocol. */
class HelpAndVersionTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "push",
                "restore",
                "serve",
                "archive",
                "archive status",
                "archive verify",
                "archive cleanup",
                "tls",
                "tls init",
                "demo",
                "bench",
                "config"
            })
    void help_onEveryCommand_printsUsageAndExitsZero(String command) {
        String[] args = (command + " --help").split(" ");
        Result r = ReceiverFixture.walferry(args);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("Usage: walferry " + command), r.out());
        assertFalse(r.out().contains("%n") || r.err().contains("WARN"), r.out() + r.err());
    }

    @Test
    void version_printsTheProtocolVersion() {
        Result r = ReceiverFixture.walferry("--version");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("protocol 1"), r.out());
    }
}
