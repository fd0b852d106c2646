package dev.walferry.protocol;

/**
 * A receiver's {@code HOST:PORT}; IPv6 literals in brackets ({@code [::1]:7632}).
 *
 * @param host host name or IP literal, without brackets
 * @param port TCP port, 1..65535
 */
public record ReceiverAddress(String host, int port) {

    /** Default receiver port. */
    public static final int DEFAULT_PORT = 7632;

    /**
     * Parses {@code HOST:PORT}, {@code HOST} (default port) or {@code [V6]:PORT}.
     *
     * @throws IllegalArgumentException naming the value and what is wrong with it
     */
    public static ReceiverAddress parse(String text) {
        String host;
        String port = null;
        if (text.startsWith("[")) {
            int end = text.indexOf(']');
            if (end < 0) {
                throw new IllegalArgumentException("invalid address \"" + text + "\": missing ']'");
            }
            host = text.substring(1, end);
            String rest = text.substring(end + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException("invalid address \"" + text + "\": expected ':' after ']'");
                }
                port = rest.substring(1);
            }
        } else {
            int colon = text.lastIndexOf(':');
            if (colon >= 0 && text.indexOf(':') != colon) {
                throw new IllegalArgumentException("invalid address \"" + text
                        + "\": write IPv6 addresses in brackets, e.g. [::1]:" + DEFAULT_PORT);
            }
            host = colon >= 0 ? text.substring(0, colon) : text;
            port = colon >= 0 ? text.substring(colon + 1) : null;
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("invalid address \"" + text + "\": empty host");
        }
        int p = DEFAULT_PORT;
        if (port != null) {
            try {
                p = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "invalid address \"" + text + "\": port \"" + port + "\" is not a number");
            }
            if (p < 0 || p > 65535) {
                throw new IllegalArgumentException("invalid address \"" + text + "\": port " + p + " outside 0..65535");
            }
        }
        return new ReceiverAddress(host, p);
    }

    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
