package dev.walferry.server.net;

/** Client-supplied text made safe for one log line: control and non-ASCII characters escaped, cut at 80. */
final class Printable {

    private Printable() {}

    static String of(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && i < 80; i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c));
        }
        return b.toString();
    }

    /** A peer address as {@code host:port} ({@code [v6]:port}), without the slash of InetSocketAddress.toString. */
    static String address(java.net.SocketAddress a) {
        if (a instanceof java.net.InetSocketAddress i && i.getAddress() != null) {
            String host = i.getAddress().getHostAddress();
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + i.getPort();
        }
        return String.valueOf(a);
    }
}
