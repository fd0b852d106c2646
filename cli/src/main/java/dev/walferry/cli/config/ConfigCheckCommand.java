package dev.walferry.cli.config;

import dev.walferry.cli.options.ConfigCheck;
import dev.walferry.cli.options.ConfigFile;
import dev.walferry.cli.options.ConfigFileDefaults;
import dev.walferry.cli.options.ConfigKeys.Scope;
import dev.walferry.client.failure.ExitCode;
import dev.walferry.client.failure.WalferryException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code walferry config check [FILE...]}: reports every unknown key, repeated key and bad value with its file and
 * line, and starts nothing. Without FILE it checks the default files that exist.
 */
@Command(
        name = "check",
        description = {
            "Check config files: unknown keys, repeated keys, bad values (each with its "
                    + "file and line). Starts nothing.",
            "Without FILE: the default files (/etc/walferry/receiver.conf and client.conf) that exist."
        })
public final class ConfigCheckCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "0..*", description = "Config files to check.")
    List<Path> files = new ArrayList<>();

    @Option(
            names = "--for",
            paramLabel = "SIDE",
            description = "Which commands the file is for: RECEIVER (serve), "
                    + "CLIENT (push, restore, prefetch, archive) or ANY. Default: from the file name (receiver*, client*), "
                    + "else ANY.")
    Scope scope;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help and exit.")
    boolean help;

    @Override
    public Integer call() {
        List<Path> toCheck = files.isEmpty() ? defaultFiles() : files;
        if (toCheck.isEmpty()) {
            throw new WalferryException(
                    ExitCode.USAGE,
                    "no FILE given and no default config file in " + ConfigFileDefaults.defaultDirectory());
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int problems = 0;
        for (Path f : toCheck) {
            ConfigFile file = ConfigFile.read(f);
            Scope s = scope != null ? scope : Scope.ofFileName(String.valueOf(f.getFileName()));
            List<ConfigCheck.Problem> found = ConfigCheck.all(spec.root().commandLine(), file, s);
            found.forEach(err::println);
            problems += found.size();
            if (found.isEmpty()) {
                out.println(f + ": ok (" + file.entries().size() + " keys, checked as "
                        + s.name().toLowerCase(java.util.Locale.ROOT) + " configuration)");
            }
        }
        out.flush();
        err.flush();
        if (problems > 0) {
            throw new WalferryException(ExitCode.USAGE, problems + " problem(s) found");
        }
        return ExitCode.OK.code();
    }

    private static List<Path> defaultFiles() {
        Path dir = ConfigFileDefaults.defaultDirectory();
        return java.util.stream.Stream.of(ConfigFileDefaults.RECEIVER_FILE, ConfigFileDefaults.CLIENT_FILE)
                .map(dir::resolve)
                .filter(Files::exists)
                .toList();
    }
}
