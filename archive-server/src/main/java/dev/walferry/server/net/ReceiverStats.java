package dev.walferry.server.net;

import io.netty.channel.Channel;
import io.netty.channel.ChannelId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** What the receiver tells {@code walferry archive status} about itself: uptime and the clients connected now. */
final class ReceiverStats {

    private final long startMillis = System.currentTimeMillis();
    private final Map<ChannelId, String> clients = new ConcurrentHashMap<>();

    /** A client completed HELLO; {@code who} is "identity@address". */
    void connected(Channel ch, String who) {
        clients.put(ch.id(), who);
    }

    void disconnected(Channel ch) {
        clients.remove(ch.id());
    }

    long uptimeSeconds() {
        return (System.currentTimeMillis() - startMillis) / 1000;
    }

    /** How many clients are connected now. */
    int count() {
        return clients.size();
    }

    /** Connected clients, sorted. */
    List<String> clients() {
        return clients.values().stream().sorted().toList();
    }
}
