package dev.walferry.cli.options;

import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What push, push-agent, restore and prefetch share: the common options, the receiver they talk to and their spool
 * directory (docs/spool.md). picocli reads these fields from the subclasses.
 */
public abstract class ClientCommand implements Callable<Integer> {

    @Spec
    protected CommandSpec spec;

    @Mixin
    protected CommonOptions common;

    @Mixin
    protected ReceiverOptions receiver;

    @Mixin
    protected SpoolDirOption spoolOption;
}
