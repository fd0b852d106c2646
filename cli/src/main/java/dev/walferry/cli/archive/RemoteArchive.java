package dev.walferry.cli.archive;

import dev.walferry.cli.options.ReceiverOptions;
import dev.walferry.client.failure.ExitCode;
import dev.walferry.client.failure.WalferryException;
import dev.walferry.client.transport.ReceiverConnection;
import dev.walferry.client.transport.ResultErrors;
import dev.walferry.client.transport.TransportErrors;
import dev.walferry.protocol.codec.ProtocolException;
import dev.walferry.protocol.message.CleanupRequest;
import dev.walferry.protocol.message.Item;
import dev.walferry.protocol.message.ListEntry;
import dev.walferry.protocol.message.ListRequest;
import dev.walferry.protocol.message.Message;
import dev.walferry.protocol.message.Result;
import dev.walferry.protocol.message.ShowRequest;
import dev.walferry.protocol.message.Status;
import dev.walferry.protocol.message.StatusRequest;
import dev.walferry.protocol.message.VerifyRequest;
import dev.walferry.protocol.wal.WalFileName;
import dev.walferry.server.inspect.ArchiveStatus;
import dev.walferry.server.inspect.FileReport;
import dev.walferry.server.inspect.KeyValue;
import dev.walferry.server.inspect.Verifier;
import dev.walferry.server.inspect.VerifyReport;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/** An archive on a receiver ({@code --server ... --archive NAME}), one request per command over one connection. */
final class RemoteArchive implements ArchiveSource {

    private final ReceiverConnection connection;
    private final String archive;
    private int nextStream = 1;

    private RemoteArchive(ReceiverConnection connection, String archive) {
        this.connection = connection;
        this.archive = archive;
    }

    static RemoteArchive open(ReceiverOptions options) {
        return new RemoteArchive(options.target().connect(), options.target().archive());
    }

    @Override
    public String describe() {
        return "archive " + archive + " on receiver " + connection.address();
    }

    @Override
    public List<ListedFile> list(String from, String to) {
        List<ListedFile> out = new ArrayList<>();
        int stream = nextStream++;
        Result r = exchange(new ListRequest(stream, archive, nz(from), nz(to)), "listing", m -> {
            if (m instanceof ListEntry e) {
                out.add(new ListedFile(
                        parseName(e.name()),
                        e.size(),
                        e.storedAtMillis(),
                        HexFormat.of().formatHex(e.sha256())));
                return true;
            }
            return false;
        });
        expectOk(r);
        return out;
    }

    @Override
    public ArchiveStatus status() {
        List<KeyValue> items = new ArrayList<>();
        expectOk(exchange(new StatusRequest(nextStream++, archive), "asking for status", collect(items)));
        return parse(items, ArchiveStatus::fromItems);
    }

    @Override
    public VerifyReport verify(int jobs, Verifier.Progress progress) {
        List<KeyValue> items = new ArrayList<>();
        Consumer<KeyValue> sink = kv -> {
            if (kv.key().equals("progress")) {
                String[] f = kv.value().split(" ");
                progress.update(Long.parseLong(f[0]), Long.parseLong(f[1]));
            } else {
                items.add(kv);
            }
        };
        int capped = Math.min(Math.max(jobs, 1), VerifyRequest.MAX_JOBS);
        expectOk(exchange(new VerifyRequest(nextStream++, archive, capped), "verifying", items(sink)));
        return parse(items, VerifyReport::fromItems);
    }

    @Override
    public Optional<FileReport> show(WalFileName name) {
        List<KeyValue> items = new ArrayList<>();
        Result r = exchange(new ShowRequest(nextStream++, archive, name.toString()), "showing " + name, collect(items));
        if (r.status() == Status.NOT_FOUND) {
            return Optional.empty();
        }
        expectOk(r);
        return Optional.of(parse(items, FileReport::fromItems));
    }

    @Override
    public void cleanup(String restartFile, boolean backupHistory, boolean dryRun, Consumer<String> removed) {
        int flags = (dryRun ? CleanupRequest.DRY_RUN : 0) | (backupHistory ? CleanupRequest.BACKUP_HISTORY : 0);
        expectOk(exchange(
                new CleanupRequest(nextStream++, archive, restartFile, flags),
                "cleaning up",
                items(kv -> removed.accept(kv.value()))));
    }

    /** Sends {@code request} and feeds the answer's messages to {@code body} until its RESULT. */
    private Result exchange(Message request, String doing, Function<Message, Boolean> body) {
        try {
            connection.send(request);
            connection.flush();
            while (true) {
                Message m = connection.read();
                if (m.streamId() != request.streamId()) {
                    throw unexpected(m, doing);
                }
                if (m instanceof Result r) {
                    return r;
                }
                if (!body.apply(m)) {
                    throw unexpected(m, doing);
                }
            }
        } catch (IOException | ProtocolException e) {
            throw TransportErrors.during(connection.address(), doing + " " + describe(), e);
        }
    }

    private static Function<Message, Boolean> items(Consumer<KeyValue> sink) {
        return m -> {
            if (m instanceof Item i) {
                sink.accept(new KeyValue(i.key(), i.value()));
                return true;
            }
            return false;
        };
    }

    private static Function<Message, Boolean> collect(List<KeyValue> into) {
        return items(into::add);
    }

    private void expectOk(Result r) {
        if (r.status() != Status.OK) {
            throw ResultErrors.refused(connection.address(), "archive " + archive, r);
        }
    }

    private <T> T parse(List<KeyValue> items, Function<List<KeyValue>, T> parser) {
        try {
            return parser.apply(items);
        } catch (RuntimeException e) {
            throw new WalferryException(
                    ExitCode.PROTOCOL,
                    "receiver " + connection.address() + " sent an answer that does not parse: " + e.getMessage(),
                    e);
        }
    }

    private WalferryException unexpected(Message m, String doing) {
        return new WalferryException(
                ExitCode.PROTOCOL,
                "receiver " + connection.address() + " sent an unexpected " + m.type() + " on stream " + m.streamId()
                        + " while " + doing);
    }

    private WalFileName parseName(String name) {
        try {
            return WalFileName.parse(name);
        } catch (IllegalArgumentException e) {
            throw new WalferryException(
                    ExitCode.PROTOCOL, "receiver " + connection.address() + " listed " + e.getMessage());
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    @Override
    public void close() {
        connection.close();
    }
}
