package dev.walferry.it.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The module graph drawn in docs/architecture.md is the one the poms declare, and no package of the main code imports,
 * directly or through others, a package that imports it back (an import circle).
 */
class ModuleGraphTest {

    private static final Path REPO =
            Path.of(System.getProperty("walferry.repo", "..")).toAbsolutePath().normalize();
    private static final Pattern ARTIFACT =
            Pattern.compile("<groupId>dev\\.walferry</groupId>\\s*<artifactId>walferry-([\\w-]+)</artifactId>");

    @Test
    void documentedGraph_isThePomGraph() throws IOException {
        Map<String, Set<String>> documented = documented();
        Map<String, Set<String>> declared = new TreeMap<>();
        for (String module : documented.keySet()) {
            String pom = Files.readString(REPO.resolve(module).resolve("pom.xml"));
            String deps = pom.substring(pom.indexOf("<dependencies>"));
            Set<String> on = new TreeSet<>();
            Matcher m = ARTIFACT.matcher(deps);
            while (m.find()) {
                on.add(m.group(1));
            }
            declared.put(module, on);
        }
        assertEquals(documented, declared, "docs/architecture.md's module graph and the poms' dependencies differ");
        String parent = Files.readString(REPO.resolve("pom.xml"));
        Set<String> modules = new TreeSet<>();
        Matcher m = Pattern.compile("<module>([\\w-]+)</module>").matcher(parent);
        while (m.find()) {
            modules.add(m.group(1));
        }
        assertEquals(modules, documented.keySet(), "every module of the build is in the documented graph");
    }

    @Test
    void mainCode_hasNoImportCircles() throws IOException {
        Map<String, Set<String>> imports = PackageImports.of(REPO);
        assertTrue(imports.size() > 20, "found only " + imports.keySet());
        List<List<String>> circles = PackageImports.circles(imports);
        assertEquals(List.of(), circles, "packages that import each other (directly or through others)");
    }

    /** The lines {@code module -> dep, dep} of the block after "## Module graph" in docs/architecture.md. */
    private static Map<String, Set<String>> documented() throws IOException {
        List<String> lines = Files.readAllLines(REPO.resolve("docs/architecture.md"));
        int start = lines.indexOf("## Module graph");
        assertTrue(start >= 0, "docs/architecture.md has no '## Module graph' section");
        Map<String, Set<String>> graph = new TreeMap<>();
        boolean inBlock = false;
        for (String line : lines.subList(start, lines.size())) {
            if (line.startsWith("```")) {
                if (inBlock) {
                    break;
                }
                inBlock = true;
                continue;
            }
            if (!inBlock || line.isBlank()) {
                continue;
            }
            String[] parts = line.split("->", 2);
            Set<String> deps = new TreeSet<>();
            String right =
                    parts.length > 1 ? parts[1].replaceAll("\\(.*?\\)", "").trim() : "";
            for (String d : right.split(",")) {
                if (!d.isBlank()) {
                    deps.add(d.trim());
                }
            }
            graph.put(parts[0].trim(), deps);
        }
        assertTrue(!graph.isEmpty(), "the module graph block is empty");
        return graph;
    }
}
