package dev.walferry.cli.archive;

import dev.walferry.cli.options.CommonOptions;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every {@code walferry archive} subcommand has (docs/archive-commands.md): the common options and the archive it
 * works on, a local directory or an archive through its receiver. picocli reads these fields from the subclasses.
 */
abstract class ArchiveSubcommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @ArgGroup(exclusive = true, multiplicity = "1")
    ArchiveTarget target;

    /** Where the command's report goes. */
    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** Where warnings and progress go. */
    PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
