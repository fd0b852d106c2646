package dev.walferry.cli.options;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.walferry.cli.Main;
import dev.walferry.client.failure.ExitCode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code walferry config check}: every problem names file, line and key; nothing is started. */
class ConfigCheckTest {

    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {}

    static Run walferry(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    Path file(String name, String... lines) throws Exception {
        return Files.write(tmp.resolve(name), List.of(lines));
    }

    @Test
    void check_validReceiverFile_isOk() throws Exception {
        Path f = file(
                "receiver.conf",
                "# comment",
                "listen = 0.0.0.0:7632",
                "tls-dir = /etc/walferry/tls",
                "archive = main=/var/lib/walferry/main,old=/var/lib/walferry/old",
                "allow = main=primary",
                "serve.io-threads = 8",
                "metrics-listen = 127.0.0.1:9632",
                "log-format = json",
                "verbose = true");
        Run r = walferry("config", "check", f.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(f + ": ok (8 keys, checked as receiver configuration)\n", r.out());
    }

    @Test
    void check_unknownKey_namesKeyAndLine() throws Exception {
        Path f = file("receiver.conf", "listen = 0.0.0.0:7632", "", "lsiten = 0.0.0.0:7632");
        Run r = walferry("config", "check", f.toString());
        assertEquals(ExitCode.USAGE.code(), r.code());
        assertTrue(
                r.err()
                        .startsWith(f + ":3: key 'lsiten': unknown key: none of the commands this file is for "
                                + "(serve) has an option --lsiten\n"),
                r.err());
    }

    @Test
    void check_clientKeyInReceiverFile_isUnknownThere() throws Exception {
        Path f = file("receiver.conf", "push.server = a:1", "identity = primary");
        Run r = walferry("config", "check", f.toString());
        assertEquals(ExitCode.USAGE.code(), r.code());
        assertTrue(
                r.err()
                        .contains(f + ":1: key 'push.server': unknown key: 'push' is not one of the commands this "
                                + "file is for (serve)\n"),
                r.err());
        assertTrue(r.err().contains(f + ":2: key 'identity': unknown key"), r.err());
        assertEquals(
                ExitCode.OK.code(),
                walferry("config", "check", "--for", "client", f.toString()).code());
    }

    @Test
    void check_s3Archives_acceptsBucketAndWriteThrough_andNamesABadBucket() throws Exception {
        Path good = file(
                "receiver.conf",
                "listen = 127.0.0.1:7632",
                "tls-dir = /etc/walferry/tls",
                "archive = a=s3://wal/prod/a, b=/var/lib/walferry/b+s3://wal/prod/b",
                "s3-endpoint = http://rgw:7480",
                "s3-addressing = path");
        Run ok = walferry("config", "check", good.toString());
        assertEquals(ExitCode.OK.code(), ok.code(), ok.err());

        Path bad = file("bad.conf", "archive = main=s3://Bad_Bucket/x");
        Run r = walferry("config", "check", bad.toString());
        assertEquals(ExitCode.USAGE.code(), r.code());
        assertTrue(
                r.err()
                        .contains(bad + ":1: key 'archive': Invalid value for option '--archive' (NAME=WHERE): "
                                + "archive main: \"Bad_Bucket\" is not a valid bucket name"),
                r.err());
    }

    @Test
    void check_badValues_nameKeyLineAndWhy() throws Exception {
        Path f = file(
                "receiver.conf",
                "io-threads = many",
                "listen = host:99999",
                "archive = main",
                "log-format = xml",
                "verbose = yes");
        Run r = walferry("config", "check", f.toString());
        assertEquals(ExitCode.USAGE.code(), r.code());
        List<String> lines = r.err().lines().toList();
        assertEquals(
                f + ":1: key 'io-threads': Invalid value for option '--io-threads': 'many' is not an int",
                lines.get(0));
        assertEquals(
                f + ":2: key 'listen': Invalid value for option '--listen': invalid address \"host:99999\": "
                        + "port 99999 outside 0..65535",
                lines.get(1));
        assertEquals(
                f + ":3: key 'archive': Invalid value for option '--archive' (NAME=WHERE): \"main\" is not of "
                        + "the form NAME=DIR, NAME=s3://BUCKET/PREFIX or NAME=DIR+s3://BUCKET/PREFIX",
                lines.get(2));
        assertTrue(
                lines.get(3).startsWith(f + ":4: key 'log-format': Invalid value for option '--log-format'"),
                lines.get(3));
        assertEquals(f + ":5: key 'verbose': 'yes' is not a boolean: use true or false", lines.get(4));
        assertTrue(r.err().endsWith("walferry config check: error: 5 problem(s) found\n"), r.err());
    }

    @Test
    void check_repeatedKey_namesBothLines() throws Exception {
        Path f = file("client.conf", "server = a:1", "server = b:2");
        Run r = walferry("config", "check", f.toString());
        assertTrue(r.err().startsWith(f + ":2: key 'server': given again (first on line 1)\n"), r.err());
    }

    @Test
    void check_continuationLine_reportsTheLineTheEntryStartsOn() throws Exception {
        Path f = file("receiver.conf", "listen = 0.0.0.0:7632", "archive = main=/a,\\", "    old=/b", "bogus = 1");
        Run r = walferry("config", "check", f.toString());
        assertTrue(r.err().startsWith(f + ":4: key 'bogus'"), r.err());
    }

    @Test
    void check_shippedExamples_areValid() {
        Path etc = Path.of("src/dist/etc");
        for (String name : List.of("receiver.conf.example", "client.conf.example")) {
            Run r = walferry("config", "check", etc.resolve(name).toString());
            assertEquals(0, r.code(), name + ": " + r.err());
        }
    }

    @Test
    void command_withUnknownKeyInConfig_stopsBeforeRunning_namingFileAndLine() throws Exception {
        Path f = file("client.conf", "server = 127.0.0.1:1", "retries = 3");
        Run r = walferry("push", "--config", f.toString(), "x", "000000010000000000000001");
        assertEquals(ExitCode.USAGE.code(), r.code());
        assertEquals(
                "walferry: " + f + ":2: key 'retries': unknown key: none of the walferry commands has an option "
                        + "--retries\n",
                r.err());
    }

    @Test
    void command_withBadValueInConfig_namesFileLineAndKey() throws Exception {
        Path f = file(
                "client.conf",
                "server = 127.0.0.1:1",
                "archive = main",
                "tls-dir = /nonexistent",
                "identity = primary",
                "timeout = soon");
        Run r = walferry("push", "--config", f.toString(), "x", "000000010000000000000001");
        assertEquals(ExitCode.USAGE.code(), r.code());
        assertTrue(
                r.err()
                        .startsWith(f + ":5: key 'timeout': Invalid value for option '--timeout': 'soon' is not an "
                                + "int"),
                r.err());
    }
}
