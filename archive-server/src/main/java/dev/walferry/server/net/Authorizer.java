package dev.walferry.server.net;

import dev.walferry.protocol.message.Result;
import dev.walferry.protocol.message.Status;
import dev.walferry.server.storage.ArchiveStorage;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Decides whether an identity may make a {@link Request}: the one place where the receiver's access rules
 * ({@link ArchiveAccess}, given by {@code --archive} and {@code --allow}) are applied, to every request kind.
 * Today a rule is one yes/no per archive and identity, whatever the kind; rules that grant an identity only some
 * kinds (push, restore, list, admin) belong here and in {@link ArchiveAccess}, nowhere else. One per receiver;
 * every check reads the rules in force, so a reload applies to the next request.
 */
final class Authorizer {

    private final Supplier<ArchiveAccess> rules;

    Authorizer(Supplier<ArchiveAccess> rules) {
        this.rules = rules;
    }

    /** The archive that serves {@code request}, or the answer refusing it, addressed to its stream. */
    Decision check(String identity, Request request) {
        ArchiveAccess now = rules.get();
        Optional<ArchiveStorage> storage = now.archive(request.archive());
        if (storage.isEmpty()) {
            return refused(
                    request,
                    Status.UNKNOWN_ARCHIVE,
                    "no archive named \"" + Printable.of(request.archive()) + "\" on this receiver");
        }
        if (!now.mayUse(identity, request.archive())) {
            return refused(
                    request,
                    Status.FORBIDDEN,
                    "identity \"" + identity + "\" may not use archive \"" + Printable.of(request.archive()) + "\"");
        }
        return new Decision(storage.get(), null);
    }

    private static Decision refused(Request request, Status status, String why) {
        return new Decision(null, Result.of(request.streamId(), status, why));
    }

    /** Exactly one of {@code storage} (granted) and {@code refusal} is set. */
    record Decision(ArchiveStorage storage, Result refusal) {

        boolean granted() {
            return storage != null;
        }
    }
}
