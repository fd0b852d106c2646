package dev.walferry.server.net;

import dev.walferry.server.storage.ArchiveStorage;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The archives a receiver serves and who may use them. An archive with no allowed identities is open to any
 * client whose certificate chains to the configured CA; otherwise only the listed identities may read or
 * write it.
 */
public final class ArchiveAccess {

    private final Map<String, ArchiveStorage> archives;
    private final Map<String, Set<String>> allowed;

    public ArchiveAccess(Map<String, ArchiveStorage> archives, Map<String, Set<String>> allowed) {
        this.archives = Map.copyOf(archives);
        this.allowed = Map.copyOf(allowed);
    }

    public Optional<ArchiveStorage> archive(String name) {
        return Optional.ofNullable(archives.get(name));
    }

    public boolean mayUse(String identity, String archive) {
        Set<String> ids = allowed.get(archive);
        return ids == null || ids.isEmpty() || ids.contains(identity);
    }

    public Map<String, ArchiveStorage> archives() {
        return archives;
    }
}
