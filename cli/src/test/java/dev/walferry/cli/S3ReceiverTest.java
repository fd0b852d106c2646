package dev.walferry.cli;

import static dev.walferry.cli.ReceiverFixture.walferry;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.walferry.cli.ReceiverFixture.Result;
import dev.walferry.client.failure.ExitCode;
import dev.walferry.server.storage.ArchiveStorage;
import dev.walferry.server.storage.s3.S3Location;
import dev.walferry.server.storage.s3.S3Storage;
import dev.walferry.server.storage.s3.S3TestBucket;
import dev.walferry.server.storage.s3.SdkObjectStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stateless receivers on one bucket (a real S3-compatible store, a Ceph RADOS Gateway in CI): two receivers serve two
 * primaries' archives at once; a file pushed through either is restored through the other; the operator commands
 * work on the bucket through the receiver.
 */
@Tag("s3")
class S3ReceiverTest {

    static final long PRIMARY_1 = 7300000000000000101L;
    static final long PRIMARY_2 = 7300000000000000202L;

    @TempDir
    Path tmp;

    String bucket;
    ReceiverFixture a;
    ReceiverFixture b;
    Path wal1;
    Path wal2;

    @BeforeEach
    void start() throws Exception {
        bucket = S3TestBucket.create("receivers");
        a = new ReceiverFixture(tmp.resolve("a"), tmp.resolve("tls"), archives(tmp.resolve("a-in")));
        b = new ReceiverFixture(tmp.resolve("b"), tmp.resolve("tls"), archives(tmp.resolve("b-in")));
        wal1 = Files.createDirectories(tmp.resolve("primary1/pg_wal"));
        wal2 = Files.createDirectories(tmp.resolve("primary2/pg_wal"));
    }

    @AfterEach
    void stop() throws Exception {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }

    /** Archives "alpha" and "beta" under their own prefixes of the one bucket. */
    private Map<String, ArchiveStorage> archives(Path incoming) throws Exception {
        return Map.of("alpha", open("alpha", incoming), "beta", open("beta", incoming));
    }

    private S3Storage open(String archive, Path incoming) throws Exception {
        return S3Storage.open(
                archive,
                SdkObjectStore.open(S3TestBucket.settings(), bucket),
                S3Location.parse("s3://" + bucket + "/" + archive),
                incoming.resolve(archive));
    }

    static List<String> client(String archive, ReceiverFixture... receivers) {
        List<String> args = new ArrayList<>();
        for (ReceiverFixture r : receivers) {
            args.addAll(List.of("--server", r.address()));
        }
        args.addAll(List.of(
                "--archive",
                archive,
                "--tls-dir",
                receivers[0].tlsDir.toString(),
                "--identity",
                "primary",
                "--connect-timeout",
                "5",
                "--timeout",
                "30"));
        return args;
    }

    static Result run(String command, List<String> options, String... rest) {
        List<String> args = new ArrayList<>(List.of(command.split(" ")));
        args.addAll(options);
        args.addAll(List.of(rest));
        return walferry(args.toArray(String[]::new));
    }

    @Test
    void twoReceiversTwoPrimariesOneBucket_pushThroughOne_restoreThroughTheOther_verifyPasses() throws Exception {
        List<Path> segs1 = new ArrayList<>();
        List<Path> segs2 = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            segs1.add(SyntheticWal.write(wal1, 1, i, PRIMARY_1, i));
            segs2.add(SyntheticWal.write(wal2, 1, i, PRIMARY_2, 10 + i));
        }
        for (int i = 0; i < 3; i++) {
            ReceiverFixture via1 = i % 2 == 0 ? a : b;
            ReceiverFixture via2 = i % 2 == 0 ? b : a;
            Result p1 = run("push", client("alpha", via1), segs1.get(i).toString(), name(segs1.get(i)));
            Result p2 = run("push", client("beta", via2), segs2.get(i).toString(), name(segs2.get(i)));
            assertEquals(0, p1.code(), p1.err());
            assertEquals(0, p2.code(), p2.err());
        }

        for (int i = 0; i < 3; i++) {
            ReceiverFixture other = i % 2 == 0 ? b : a;
            Path dest = tmp.resolve("RECOVERYXLOG");
            Result r = run(
                    "restore",
                    client("alpha", other),
                    "--data-dir",
                    tmp.toString(),
                    name(segs1.get(i)),
                    dest.toString());
            assertEquals(0, r.code(), r.err());
            assertArrayEquals(Files.readAllBytes(segs1.get(i)), Files.readAllBytes(dest));
        }
        Result wrong = run("push", client("beta", a), segs1.get(0).toString(), name(segs1.get(0)));
        assertEquals(ExitCode.WRONG_CLUSTER.code(), wrong.code(), "primary 1's WAL into primary 2's archive");

        Result verify = run("archive verify", client("alpha", b));
        assertEquals(0, verify.code(), verify.out() + verify.err());
        assertTrue(verify.out().contains("3 files"), verify.out());
        Result status = run("archive status", client("beta", a));
        assertEquals(0, status.code(), status.out() + status.err());
        assertTrue(status.out().contains("free disk:    n/a (object store)"), status.out());
        Result list = run("archive list", client("beta", b));
        assertEquals(3, list.out().lines().filter(l -> l.startsWith("00000001")).count(), list.out());
        Result cleanup = run("archive cleanup", client("alpha", a), name(segs1.get(2)));
        assertEquals(0, cleanup.code(), cleanup.out() + cleanup.err());
        Result after = run("archive list", client("alpha", b));
        assertEquals(
                1, after.out().lines().filter(l -> l.startsWith("00000001")).count(), after.out());
    }

    @Test
    void fanOut_toTwoReceiversOfOneBucket_isAcknowledgedByBoth_andStoredOnce() throws Exception {
        Path seg = SyntheticWal.write(wal1, 1, 7, PRIMARY_1, 7);

        Result r = run("push", client("alpha", a, b), seg.toString(), name(seg));

        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("stored") && r.err().contains("already_present"), r.err());
        try (var s3 = S3TestBucket.client()) {
            assertEquals(
                    1, s3.listObjectsV2(l -> l.bucket(bucket).prefix("alpha/0")).keyCount());
        }
    }

    private static String name(Path p) {
        return p.getFileName().toString();
    }
}
