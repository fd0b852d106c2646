package dev.walferry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.walferry.cli.ReceiverFixture.Result;
import dev.walferry.client.failure.ExitCode;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/postgres-contract.md R4: an unreachable receiver is "not available" in standby mode but stops targeted recovery.
 */
class RecoveryModeRestoreTest {

    @TempDir
    Path tmp;

    private Result restoreFromDeadReceiver(Path dataDir) throws Exception {
        Path tls = tmp.resolve("tls");
        if (!Files.exists(tls)) {
            assertEquals(
                    0,
                    ReceiverFixture.walferry(
                                    "tls",
                                    "init",
                                    "--dir",
                                    tls.toString(),
                                    "--server-name",
                                    "127.0.0.1",
                                    "--client",
                                    "primary")
                            .code());
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        return ReceiverFixture.walferry(
                "restore",
                "--server",
                "127.0.0.1:" + port,
                "--archive",
                "main",
                "--tls-dir",
                tls.toString(),
                "--identity",
                "primary",
                "--retry-time",
                "1",
                "--data-dir",
                dataDir.toString(),
                "000000010000000000000001",
                dataDir.resolve("pg_wal/RECOVERYXLOG").toString());
    }

    @Test
    void restore_targetedRecovery_unreachableReceiver_exitsAbove125() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Files.createFile(data.resolve("recovery.signal"));
        Result r = restoreFromDeadReceiver(data);
        assertEquals(ExitCode.RECOVERY_ABORT.code(), r.code(), r.err());
        assertTrue(r.code() > 125);
        assertTrue(r.err().contains("stopping targeted recovery"), r.err());
    }

    @Test
    void restore_standbyMode_unreachableReceiver_exitsWithConnectCode() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Files.createFile(data.resolve("standby.signal"));
        Files.createFile(data.resolve("recovery.signal"));
        Result r = restoreFromDeadReceiver(data);
        assertEquals(ExitCode.CONNECT.code(), r.code(), r.err());
    }

    @Test
    void restore_recoveryConfStandbyModeInUpperCase_isStandby() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Files.writeString(data.resolve("recovery.conf"), "standby_mode = 'ON'\n");
        assertEquals(ExitCode.CONNECT.code(), restoreFromDeadReceiver(data).code());
    }

    @Test
    void restore_oldStyleRecoveryConfWithStandbyMode_isStandby() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Files.writeString(data.resolve("recovery.conf"), "standby_mode = 'on'\nrestore_command = 'x'\n");
        assertEquals(ExitCode.CONNECT.code(), restoreFromDeadReceiver(data).code());
    }
}
