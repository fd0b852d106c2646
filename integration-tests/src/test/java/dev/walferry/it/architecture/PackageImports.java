package dev.walferry.it.architecture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Which package of the main code uses which other walferry package, read from the sources. */
final class PackageImports {

    private static final Pattern PACKAGE = Pattern.compile("(?m)^package ([\\w.]+);");
    private static final Pattern QUALIFIED = Pattern.compile("\\b(dev\\.walferry(?:\\.[a-z]\\w*)+)\\.([A-Z]\\w*)");

    private PackageImports() {}

    /** Package to the walferry packages its classes name (imports and qualified names), itself excluded. */
    static Map<String, Set<String>> of(Path repo) throws IOException {
        Map<Path, String> sources = new HashMap<>();
        try (Stream<Path> files = Files.walk(repo)) {
            files.filter(p -> p.toString().endsWith(".java")
                            && p.toString().contains("/src/main/java/")
                            && !p.toString().contains("/target/"))
                    .forEach(p -> sources.put(p, read(p)));
        }
        Set<String> classes = new HashSet<>();
        Map<Path, String> packageOf = new HashMap<>();
        for (Map.Entry<Path, String> e : sources.entrySet()) {
            Matcher m = PACKAGE.matcher(e.getValue());
            if (m.find()) {
                packageOf.put(e.getKey(), m.group(1));
                String file = e.getKey().getFileName().toString();
                classes.add(m.group(1) + "." + file.substring(0, file.length() - 5));
            }
        }
        Map<String, Set<String>> uses = new TreeMap<>();
        for (Map.Entry<Path, String> e : sources.entrySet()) {
            String own = packageOf.get(e.getKey());
            if (own == null) {
                continue;
            }
            Set<String> used = uses.computeIfAbsent(own, k -> new TreeSet<>());
            Matcher m = QUALIFIED.matcher(e.getValue().replaceAll("(?m)^package .*$", ""));
            while (m.find()) {
                String pkg = m.group(1);
                if (classes.contains(pkg + "." + m.group(2)) && !pkg.equals(own)) {
                    used.add(pkg);
                }
            }
        }
        return uses;
    }

    /** The strongly connected groups of more than one package (Tarjan), each sorted. */
    static List<List<String>> circles(Map<String, Set<String>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new HashSet<>();
        List<List<String>> out = new ArrayList<>();
        int[] next = {0};
        for (String v : graph.keySet()) {
            if (!index.containsKey(v)) {
                connect(v, graph, index, low, stack, onStack, out, next);
            }
        }
        return out;
    }

    private static void connect(
            String v,
            Map<String, Set<String>> graph,
            Map<String, Integer> index,
            Map<String, Integer> low,
            Deque<String> stack,
            Set<String> onStack,
            List<List<String>> out,
            int[] next) {
        index.put(v, next[0]);
        low.put(v, next[0]);
        next[0]++;
        stack.push(v);
        onStack.add(v);
        for (String w : graph.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                connect(w, graph, index, low, stack, onStack, out, next);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            List<String> group = new ArrayList<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                group.add(w);
            } while (!w.equals(v));
            if (group.size() > 1) {
                group.sort(null);
                out.add(group);
            }
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
