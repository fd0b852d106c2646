package dev.walferry.cli.docgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.walferry.cli.Main;
import dev.walferry.cli.options.ConfigKeys;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** docs/configuration.md documents every key with its default, exactly as the code has them. */
class ConfigReferenceTest {

    static final Path DOC = Path.of("../docs/configuration.md");

    @Test
    void configurationDoc_keyTables_matchTheOptions() throws Exception {
        assertEquals(
                ConfigReference.tables(),
                ConfigReference.current(Files.readString(DOC)),
                "docs/configuration.md is out of date; regenerate with: java -cp ... "
                        + "dev.walferry.cli.docgen.GenerateDocs --config-doc docs/configuration.md");
    }

    @Test
    void configurationDoc_namesEveryOptionOfServeAndTheClientCommands() throws Exception {
        String doc = Files.readString(DOC);
        CommandLine root = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        for (ConfigKeys.Scope scope : new ConfigKeys.Scope[] {ConfigKeys.Scope.RECEIVER, ConfigKeys.Scope.CLIENT}) {
            for (CommandLine c : new ConfigKeys(root, scope).commands()) {
                for (OptionSpec o : c.getCommandSpec().options()) {
                    if (ConfigKeys.isConfigurable(o)) {
                        assertTrue(
                                doc.contains("| `" + ConfigKeys.key(o) + "` |"),
                                c.getCommandName() + " " + o.longestName() + " is not in " + DOC);
                    }
                }
            }
        }
    }

    @Test
    void manPages_andCompletion_areGeneratedForEveryCommand(@org.junit.jupiter.api.io.TempDir Path out)
            throws Exception {
        GenerateDocs.write(out, "9.9");
        String serve = Files.readString(out.resolve("man/walferry-serve.1"));
        assertTrue(serve.startsWith(".TH WALFERRY-SERVE 1 \"\" \"walferry 9.9\""), serve);
        assertTrue(serve.contains(".B \\-\\-metrics\\-listen"), serve);
        assertTrue(Files.readString(out.resolve("man/walferry.1")).contains(".SH EXIT STATUS"));
        assertTrue(Files.exists(out.resolve("man/walferry-tls-renew.1")));
        assertTrue(Files.exists(out.resolve("man/walferry-config-check.1")));
        String completion = Files.readString(out.resolve("completion/walferry"));
        assertTrue(completion.contains("--metrics-listen") && completion.contains("renew"), "bash completion");
    }
}
