package dev.walferry.cli.serve;

import dev.walferry.cli.options.CommandLines;
import dev.walferry.cli.options.CommonOptions;
import dev.walferry.cli.options.ConfigFileDefaults;
import dev.walferry.cli.options.LogSetup;
import dev.walferry.client.failure.ExitCode;
import dev.walferry.client.failure.WalferryException;
import dev.walferry.protocol.ReceiverAddress;
import dev.walferry.server.receiver.AllowSpec;
import dev.walferry.server.receiver.ArchiveSpec;
import dev.walferry.server.receiver.Receiver;
import dev.walferry.server.receiver.ReceiverConfig;
import dev.walferry.server.receiver.ReceiverStartException;
import dev.walferry.server.receiver.ServeSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code walferry serve}: runs the receiver in the foreground until SIGTERM; SIGHUP re-reads the configuration
 * ({@link SighupReload}). Logs go to stderr.
 */
@Command(
        name = "serve",
        description = {
            "Run the receiver: accept pushes over mutual TLS and answer restores.",
            "Reads /etc/walferry/receiver.conf when it exists and no --config is given. SIGHUP re-reads the allowed "
                    + "identities (--allow) and the TLS files; SIGTERM stops."
        })
public final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(
            names = "--listen",
            paramLabel = "HOST:PORT",
            required = true,
            converter = AddressConverter.class,
            description = "Address to listen on, e.g. 0.0.0.0:7632 or 127.0.0.1:7632 (port 0: any free port).")
    ReceiverAddress listen;

    @Option(
            names = "--archive",
            paramLabel = "NAME=WHERE",
            required = true,
            split = ",",
            converter = SpecConverters.Archive.class,
            description = "An archive (repeatable): NAME=DIR (a directory), NAME=s3://BUCKET/PREFIX (an S3-compatible "
                    + "bucket), or NAME=DIR+s3://BUCKET/PREFIX (both, write-through: a push is acknowledged only when "
                    + "both have it).")
    List<ArchiveSpec> archives = new ArrayList<>();

    @Option(
            names = "--s3-endpoint",
            paramLabel = "URL",
            description = "URL of the S3-compatible store, e.g. http://127.0.0.1:7480 (Ceph RGW) or "
                    + "https://minio.example.com:9000 (default: AWS S3 in --s3-region). Credentials come from "
                    + "AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, AWS_PROFILE and ~/.aws/credentials, or an instance "
                    + "or container role.")
    java.net.URI s3Endpoint;

    @Option(
            names = "--s3-region",
            paramLabel = "REGION",
            description = "Signing region of the S3 store (default: AWS_REGION, else us-east-1).")
    String s3Region;

    @Option(
            names = "--s3-addressing",
            paramLabel = "STYLE",
            defaultValue = "auto",
            description = "path (http://host/BUCKET/key: Ceph, MinIO), virtual (http://BUCKET.host/key: AWS) or auto "
                    + "(path with --s3-endpoint, else virtual) (default: ${DEFAULT-VALUE}).")
    ReceiverConfig.Addressing s3Addressing;

    @Option(
            names = "--s3-timeout",
            paramLabel = "SECONDS",
            defaultValue = "60",
            description = "Give up on one S3 request (retries included) after this long; the transfer then fails and "
                    + "is not acknowledged (default: ${DEFAULT-VALUE}).")
    int s3TimeoutSeconds;

    @Option(
            names = "--s3-temp-dir",
            paramLabel = "DIR",
            description = "Local directory for the temp files of transfers into bucket-only archives, before their "
                    + "upload (default: the system temp directory). Write-through archives use DIR/.walferry/incoming.")
    Path s3TempDir;

    @Option(
            names = "--tls-dir",
            paramLabel = "DIR",
            required = true,
            description = "Directory with ca.crt, server.crt and server.key (from 'walferry tls init'); re-read on "
                    + "SIGHUP.")
    Path tlsDir;

    @Option(
            names = "--allow",
            paramLabel = "NAME=ID",
            split = ",",
            converter = SpecConverters.Allow.class,
            description = "Let client identity ID use archive NAME (repeatable; re-read on SIGHUP). An archive with "
                    + "no --allow is open to every client certificate signed by the CA.")
    List<AllowSpec> allows = new ArrayList<>();

    @Option(
            names = "--io-threads",
            paramLabel = "N",
            defaultValue = "32",
            description = "Threads for blocking storage work, shared by connections (default: ${DEFAULT-VALUE}).")
    int ioThreads;

    @Option(
            names = "--fsync-warn-ms",
            paramLabel = "MS",
            defaultValue = "1000",
            description = "Log a warning when one fsync takes longer (default: ${DEFAULT-VALUE}).")
    long fsyncWarnMillis;

    @Option(
            names = "--metrics-listen",
            paramLabel = "HOST:PORT",
            converter = AddressConverter.class,
            description = "Serve /metrics (Prometheus text format) and /health over plain HTTP on this address "
                    + "(default: off). Bind it to a private address.")
    ReceiverAddress metricsListen;

    @Option(
            names = "--log-format",
            paramLabel = "FORMAT",
            defaultValue = "text",
            description = "text, or json: one object per line with the keys ts, level, event, archive, file, "
                    + "identity, peer, outcome, bytes, wire_bytes, ms, message, error (default: ${DEFAULT-VALUE}).")
    LogSetup.Format logFormat;

    @Override
    public Integer call() throws Exception {
        LogSetup.toStderr(common.verbose(), logFormat);
        Receiver receiver = start(config());
        Runtime.getRuntime().addShutdownHook(new Thread(receiver::close, "walferry-shutdown"));
        List<String> args = spec.root().commandLine().getParseResult().originalArgs();
        Class<?> root = spec.root().userObject().getClass();
        SighupReload.install(fresh -> reload(receiver, fresh), () -> parse(root, args));
        receiver.awaitClose();
        return ExitCode.OK.code();
    }

    /** These options as the receiver's configuration. */
    public ReceiverConfig config() {
        return new ReceiverConfig(
                listen,
                archives,
                allows,
                tlsDir,
                ioThreads,
                Duration.ofMillis(fsyncWarnMillis),
                metricsListen,
                new ReceiverConfig.S3Options(
                        s3Endpoint, s3Region, s3Addressing, Duration.ofSeconds(s3TimeoutSeconds), s3TempDir));
    }

    /** Starts a receiver as configured, reporting a failure with serve's exit codes. */
    public static Receiver start(ReceiverConfig config) {
        try {
            return Receiver.start(config);
        } catch (ReceiverStartException e) {
            throw failure(e);
        }
    }

    /**
     * Applies {@code fresh} to a running receiver; the command-line settings outside the receiver's configuration are
     * compared here.
     */
    public void reload(Receiver receiver, ServeCommand fresh) {
        List<String> changed = new ArrayList<>();
        ServeSettings.add(changed, "--log-format", logFormat, fresh.logFormat);
        ServeSettings.add(changed, "--verbose", common.verbose(), fresh.common.verbose());
        try {
            receiver.reload(fresh.config(), changed);
        } catch (ReceiverStartException e) {
            throw failure(e);
        }
    }

    /** serve's exit code for a failed start or reload. */
    static WalferryException failure(ReceiverStartException e) {
        ExitCode code =
                switch (e.reason()) {
                    case CONFIG -> ExitCode.USAGE;
                    case TLS -> ExitCode.TLS_AUTH;
                    case STORAGE -> ExitCode.STORAGE;
                };
        return new WalferryException(code, e.getMessage(), e);
    }

    /**
     * Parses a serve command line as {@code walferry} would, config file included; what a reload reads again.
     *
     * @param root the {@code walferry} command class whose subcommand serve is
     * @throws WalferryException (USAGE) naming the config file, line and key, or the option, that is wrong
     */
    public static ServeCommand parse(Class<?> root, List<String> args) {
        PrintWriter sink = new PrintWriter(new StringWriter());
        String[] a = args.toArray(String[]::new);
        CommandLine cl;
        try {
            cl = CommandLines.configured(CommandLine.defaultFactory().create(root), a, sink, sink);
        } catch (Exception e) {
            if (e instanceof WalferryException w) {
                throw w;
            }
            throw new WalferryException(ExitCode.INTERNAL, "cannot create the command " + root.getName() + ": " + e, e);
        }
        try {
            CommandLine.ParseResult sub = cl.parseArgs(a).subcommand();
            if (sub == null || !(sub.commandSpec().userObject() instanceof ServeCommand serve)) {
                throw new WalferryException(ExitCode.USAGE, "not a serve command line: " + args);
            }
            return serve;
        } catch (ParameterException e) {
            ConfigFileDefaults d = cl.getDefaultValueProvider() instanceof ConfigFileDefaults c ? c : null;
            throw new WalferryException(ExitCode.USAGE, CommandLines.describe(e, d), e);
        }
    }
}
