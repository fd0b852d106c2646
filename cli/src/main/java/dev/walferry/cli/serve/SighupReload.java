package dev.walferry.cli.serve;

import dev.walferry.client.failure.WalferryException;
import dev.walferry.server.log.LogEvent;
import dev.walferry.server.log.ReceiverLog;
import java.lang.System.Logger.Level;
import java.util.function.Consumer;
import java.util.function.Supplier;
import sun.misc.Signal;

/**
 * SIGHUP: re-read the configuration (command line + config file) and apply it. A failed
 * reload logs why and keeps the running configuration. The handler goes through {@code sun.misc.Signal} (module
 * jdk.unsupported), as restore's SIGUSR1 does; when the JVM refuses it (e.g. {@code -Xrs}), a warning says so.
 */
final class SighupReload {

    private SighupReload() {}

    static void install(Consumer<ServeCommand> apply, Supplier<ServeCommand> reread) {
        try {
            Signal.handle(new Signal("HUP"), s -> reload(apply, reread));
        } catch (IllegalArgumentException e) {
            ReceiverLog.log(
                    Level.WARNING,
                    LogEvent.of("reload").outcome("unavailable"),
                    "cannot handle SIGHUP in " + "this JVM (" + e.getMessage()
                            + "); restart the receiver to apply configuration changes");
        }
    }

    /** Runs on the JVM's signal thread; reloads one at a time (Receiver.reload is synchronized). */
    static void reload(Consumer<ServeCommand> apply, Supplier<ServeCommand> reread) {
        ReceiverLog.log(Level.INFO, LogEvent.of("reload").outcome("started"), "SIGHUP: reloading configuration");
        try {
            apply.accept(reread.get());
        } catch (WalferryException | IllegalArgumentException e) {
            ReceiverLog.log(
                    Level.ERROR,
                    LogEvent.of("reload").outcome("failed"),
                    "reload failed, keeping the running " + "configuration: " + e.getMessage());
        }
    }
}
