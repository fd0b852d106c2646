package dev.walferry.cli.options;

import dev.walferry.client.failure.ExitCode;
import dev.walferry.client.failure.WalferryException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * A config file read line by line, so that every problem can name its line: Java properties syntax ({@code key =
 * value}, {@code key: value}, comments starting with {@code #} or {@code !}, a trailing backslash continues the
 * line). Each logical line is handed to {@link Properties#load} on its own, so keys and values mean exactly what
 * they would in a properties file.
 */
public final class ConfigFile {

    /** One {@code key = value}, with the line it starts on (1-based). */
    public record Entry(String key, String value, int line) {}

    private final Path path;
    private final List<Entry> entries;

    private ConfigFile(Path path, List<Entry> entries) {
        this.path = path;
        this.entries = List.copyOf(entries);
    }

    /** @throws WalferryException (USAGE) naming the file when it cannot be read */
    public static ConfigFile read(Path path) {
        List<String> lines;
        try {
            lines = Files.readAllLines(path);
        } catch (IOException e) {
            throw new WalferryException(ExitCode.USAGE, "cannot read config file " + path + ": " + reason(e), e);
        }
        return parse(path, lines);
    }

    static ConfigFile parse(Path path, List<String> lines) {
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String text = lines.get(i).stripLeading();
            if (text.isEmpty() || text.startsWith("#") || text.startsWith("!")) {
                continue;
            }
            int first = i;
            StringBuilder logical = new StringBuilder(text);
            while (endsInContinuation(logical) && i + 1 < lines.size()) {
                logical.setLength(logical.length() - 1);
                logical.append(lines.get(++i).stripLeading());
            }
            Properties one = new Properties();
            try {
                one.load(new StringReader(logical.toString()));
            } catch (IOException | IllegalArgumentException e) {
                throw new WalferryException(
                        ExitCode.USAGE, path + ":" + (first + 1) + ": cannot parse: " + e.getMessage(), e);
            }
            for (String key : one.stringPropertyNames()) {
                entries.add(new Entry(key, one.getProperty(key).trim(), first + 1));
            }
        }
        return new ConfigFile(path, entries);
    }

    private static boolean endsInContinuation(CharSequence s) {
        int backslashes = 0;
        for (int i = s.length() - 1; i >= 0 && s.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    public Path path() {
        return path;
    }

    /** Every entry in file order; a key given twice appears twice. */
    public List<Entry> entries() {
        return entries;
    }

    /** The value of {@code key}: the last entry wins, as in a properties file. */
    public Entry get(String key) {
        Entry found = null;
        for (Entry e : entries) {
            if (e.key().equals(key)) {
                found = e;
            }
        }
        return found;
    }

    /** {@code FILE:LINE}, the prefix of every message about an entry. */
    public String where(Entry e) {
        return path + ":" + e.line();
    }

    private static String reason(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        return e instanceof java.nio.file.AccessDeniedException ? "permission denied" : String.valueOf(e.getMessage());
    }
}
