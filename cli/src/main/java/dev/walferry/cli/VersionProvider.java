package dev.walferry.cli;

import dev.walferry.protocol.message.Hello;
import picocli.CommandLine.IVersionProvider;

/** Prints the build version and the protocol version. */
public final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return new String[] {"walferry " + (v != null ? v : "(development build)") + ", protocol " + Hello.VERSION};
    }
}
