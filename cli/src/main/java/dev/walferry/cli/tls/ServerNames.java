package dev.walferry.cli.tls;

import java.util.regex.Pattern;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.util.IPAddress;

/**
 * Receiver names as they go into a certificate's subject alternative names: an IPv4 or IPv6 literal becomes
 * an {@code iPAddress} entry, anything else must be a DNS host name and becomes a {@code dNSName} entry.
 */
public final class ServerNames {

    /** Longest DNS name (RFC 1035). */
    public static final int MAX_DNS_LENGTH = 253;

    private static final String LABEL = "[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
    private static final Pattern DNS = Pattern.compile(LABEL + "(\\." + LABEL + ")*");
    private static final Pattern DIGITS_AND_DOTS = Pattern.compile("[0-9.]+");

    private ServerNames() {}

    /** True for an IPv4 or IPv6 literal; IPv6 may be written in brackets. */
    public static boolean isIpLiteral(String name) {
        String bare = bare(name);
        return IPAddress.isValidIPv4(bare) || IPAddress.isValidIPv6(bare);
    }

    /** True for an IP literal or a DNS host name (letters, digits, '-' in dot-separated labels). */
    public static boolean isValid(String name) {
        if (name == null || name.isEmpty()) {
            return false;
        }
        if (isIpLiteral(name)) {
            return true;
        }
        return name.length() <= MAX_DNS_LENGTH
                && DNS.matcher(name).matches()
                && !DIGITS_AND_DOTS.matcher(name).matches(); // "1.2.3" is a mistyped address, not a host
    }

    /** The subject alternative name for {@code name}; throws IllegalArgumentException unless {@link #isValid}. */
    public static GeneralName toGeneralName(String name) {
        if (!isValid(name)) {
            throw new IllegalArgumentException(
                    "invalid server name '" + name + "': expected a DNS host name or an IPv4/IPv6 address");
        }
        return isIpLiteral(name)
                ? new GeneralName(GeneralName.iPAddress, bare(name))
                : new GeneralName(GeneralName.dNSName, name);
    }

    /** {@code host:port} as a client would write it, with brackets around an IPv6 literal. */
    public static String hostPort(String name, String port) {
        String bare = bare(name);
        return (IPAddress.isValidIPv6(bare) ? "[" + bare + "]" : bare) + ":" + port;
    }

    /** The name without the brackets of a bracketed IPv6 literal. */
    public static String bare(String name) {
        return name.length() > 2 && name.startsWith("[") && name.endsWith("]")
                ? name.substring(1, name.length() - 1)
                : name;
    }
}
