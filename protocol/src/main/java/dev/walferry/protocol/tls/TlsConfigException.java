package dev.walferry.protocol.tls;

import java.io.IOException;

/**
 * A TLS directory cannot be used: a file is missing, unreadable or not valid PEM, or an identity name is
 * invalid. The message is one line naming the file and the cause; callers report it as a configuration error.
 */
public final class TlsConfigException extends IOException {

    public TlsConfigException(String message) {
        super(message);
    }

    public TlsConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
