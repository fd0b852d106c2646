package dev.walferry.protocol.tls;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The layout of a TLS directory, as written by {@code walferry tls init} and read by both sides:
 * <pre>
 *   ca.crt       the CA certificate; the only trust anchor of receiver and clients
 *   ca.key       the CA private key (stays with the operator; needed only to issue certificates)
 *   server.crt   the receiver's certificate      server.key   its private key
 *   ID.crt       the certificate of client ID     ID.key       its private key
 * </pre>
 * Certificates are PEM; private keys are unencrypted PKCS#8 PEM ({@code BEGIN PRIVATE KEY}).
 */
public final class TlsFiles {

    public static final String CA_CERT = "ca.crt";
    public static final String CA_KEY = "ca.key";
    public static final String SERVER_CERT = "server.crt";
    public static final String SERVER_KEY = "server.key";
    public static final String CERT_SUFFIX = ".crt";
    public static final String KEY_SUFFIX = ".key";

    /**
     * Longest identity name. Identities appear in file names, in the receiver's configuration and in logs;
     * 64 matches the longest X.509 common name (RFC 5280 ub-common-name).
     */
    public static final int MAX_IDENTITY_LENGTH = 64;

    private static final Pattern IDENTITY = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_IDENTITY_LENGTH + "}");

    /** Names whose files would collide with the CA's and the receiver's (compared ignoring case). */
    private static final Set<String> RESERVED = Set.of("ca", "server");

    private TlsFiles() {}

    public static Path caCert(Path dir) {
        return dir.resolve(CA_CERT);
    }

    public static Path caKey(Path dir) {
        return dir.resolve(CA_KEY);
    }

    public static Path serverCert(Path dir) {
        return dir.resolve(SERVER_CERT);
    }

    public static Path serverKey(Path dir) {
        return dir.resolve(SERVER_KEY);
    }

    /** {@code dir/ID.crt}; the identity is validated first. */
    public static Path clientCert(Path dir, String identity) throws TlsConfigException {
        return dir.resolve(requireValidIdentity(identity) + CERT_SUFFIX);
    }

    /** {@code dir/ID.key}; the identity is validated first. */
    public static Path clientKey(Path dir, String identity) throws TlsConfigException {
        return dir.resolve(requireValidIdentity(identity) + KEY_SUFFIX);
    }

    /**
     * True for 1..{@value #MAX_IDENTITY_LENGTH} ASCII letters, digits, {@code .}, {@code -} or {@code _},
     * not {@code .} or {@code ..}, and not a reserved name ({@code ca}, {@code server}, any case).
     */
    public static boolean isValidIdentity(String identity) {
        return identity != null
                && IDENTITY.matcher(identity).matches()
                && !identity.equals(".")
                && !identity.equals("..")
                && !RESERVED.contains(identity.toLowerCase(Locale.ROOT));
    }

    /** Returns the identity if {@link #isValidIdentity valid}, otherwise throws naming the rule broken. */
    public static String requireValidIdentity(String identity) throws TlsConfigException {
        if (identity == null || identity.isEmpty()) {
            throw new TlsConfigException("identity name is empty");
        }
        if (!isValidIdentity(identity)) {
            if (RESERVED.contains(identity.toLowerCase(Locale.ROOT))) {
                throw new TlsConfigException("identity name '" + identity + "' is reserved: its files would be"
                        + " the CA's or the receiver's");
            }
            throw new TlsConfigException("invalid identity name '" + printable(identity) + "': use 1 to "
                    + MAX_IDENTITY_LENGTH + " ASCII letters, digits, '.', '-' or '_'");
        }
        return identity;
    }

    /**
     * Checks that {@code file} exists, is a regular file and is readable.
     *
     * @param role what the file is for, e.g. "CA certificate", used in the message
     */
    public static Path requireReadable(Path file, String role) throws TlsConfigException {
        if (!Files.exists(file)) {
            throw new TlsConfigException(role + " " + file + " is missing");
        }
        if (!Files.isRegularFile(file)) {
            throw new TlsConfigException(role + " " + file + " is not a regular file");
        }
        if (!Files.isReadable(file)) {
            throw new TlsConfigException(role + " " + file + " is not readable by this user");
        }
        return file;
    }

    /** The name cut to a safe length with control characters replaced, for error messages. */
    private static String printable(String s) {
        String cut = s.length() > MAX_IDENTITY_LENGTH + 8 ? s.substring(0, MAX_IDENTITY_LENGTH + 8) + "..." : s;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
