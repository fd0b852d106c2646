package dev.walferry.server.net;

import dev.walferry.protocol.message.ListEntry;
import dev.walferry.protocol.message.ListRequest;
import dev.walferry.protocol.message.Result;
import dev.walferry.protocol.message.Status;
import dev.walferry.protocol.wal.WalFileName;
import dev.walferry.server.storage.ArchiveStorage;
import dev.walferry.server.storage.StoredFile;
import io.netty.channel.ChannelHandlerContext;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** The one-answer lookups of one connection: STAT of a file and LIST of an archive, both authorized already. */
final class Lookups {

    private final ConnectionEvents events;

    Lookups(ConnectionEvents events) {
        this.events = events;
    }

    void stat(ChannelHandlerContext ctx, Request request, WalFileName name, ArchiveStorage storage) {
        Optional<StoredFile> f;
        try {
            f = storage.lookup(name);
        } catch (IOException e) {
            ctx.writeAndFlush(events.storageFailure(request, e));
            return;
        }
        int streamId = request.streamId();
        ctx.writeAndFlush(f.map(x -> new Result(streamId, Status.OK, x.size(), x.sha256(), ""))
                .orElseGet(() -> Result.of(
                        streamId, Status.NOT_FOUND, request.file() + " is not in archive " + request.archive())));
    }

    void list(ChannelHandlerContext ctx, Request request, ListRequest l, ArchiveStorage storage) {
        List<StoredFile> files;
        try {
            files = storage.list();
        } catch (IOException e) {
            ctx.writeAndFlush(events.storageFailure(request, e));
            return;
        }
        for (StoredFile f : files) {
            String n = f.name().toString();
            if ((l.from().isEmpty() || n.compareTo(l.from()) >= 0) && (l.to().isEmpty() || n.compareTo(l.to()) <= 0)) {
                ctx.write(new ListEntry(l.streamId(), n, f.size(), f.sha256(), f.storedAtMillis()));
            }
        }
        ctx.writeAndFlush(Result.of(l.streamId(), Status.OK, ""));
    }
}
