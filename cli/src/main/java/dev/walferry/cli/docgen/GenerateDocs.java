package dev.walferry.cli.docgen;

import dev.walferry.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.AutoComplete;
import picocli.CommandLine;

/**
 * Build-time generator (run by {@code mvn package}, see archive-client/pom.xml): the manual pages
 * ({@code OUT/man/walferry*.1}) and the bash completion script ({@code OUT/completion/walferry}, picocli's
 * AutoComplete, which zsh can load with bashcompinit), both from the same picocli model as {@code --help}.
 */
public final class GenerateDocs {

    private GenerateDocs() {}

    /** {@code GenerateDocs OUT VERSION}, or {@code GenerateDocs --config-doc docs/configuration.md}. */
    public static void main(String[] args) throws IOException {
        if (args.length == 2 && args[0].equals("--config-doc")) {
            Path doc = Path.of(args[1]);
            Files.writeString(doc, ConfigReference.update(Files.readString(doc)));
            return;
        }
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: GenerateDocs OUT_DIR VERSION | --config-doc FILE");
        }
        write(Path.of(args[0]), args[1]);
    }

    static void write(Path out, String version) throws IOException {
        CommandLine root = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        Path man = Files.createDirectories(out.resolve("man"));
        writePages(root, man, version);
        Path completion = Files.createDirectories(out.resolve("completion"));
        Files.writeString(completion.resolve("walferry"), AutoComplete.bash("walferry", root));
    }

    private static void writePages(CommandLine c, Path dir, String version) throws IOException {
        Files.writeString(dir.resolve(ManPage.pageName(c) + ".1"), ManPage.of(c, version));
        for (CommandLine sub : c.getSubcommands().values()) {
            if (!sub.getCommandName().equals("help")) {
                writePages(sub, dir, version);
            }
        }
    }
}
