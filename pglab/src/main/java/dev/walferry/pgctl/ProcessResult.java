package dev.walferry.pgctl;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** What a finished command printed and how it exited. {@code command} is the command line actually run. */
public record ProcessResult(List<String> command, int exitCode, String stdout, String stderr) {

    /** Lines of output kept in failure messages. */
    static final int TAIL_LINES = 25;

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:=@%+,-]+");

    public ProcessResult {
        command = List.copyOf(command);
    }

    public boolean succeeded() {
        return exitCode == 0;
    }

    /** The last {@value #TAIL_LINES} lines of stderr and stdout, labelled. */
    public String outputTail() {
        return "--- stderr (tail) ---\n" + tail(stderr) + "--- stdout (tail) ---\n" + tail(stdout);
    }

    /** The command as a shell would show it, arguments quoted where needed. */
    public static String commandLine(List<String> command) {
        return command.stream().map(ProcessResult::shellQuote).collect(Collectors.joining(" "));
    }

    static String shellQuote(String arg) {
        return PLAIN.matcher(arg).matches() ? arg : "'" + arg.replace("'", "'\\''") + "'";
    }

    private static String tail(String text) {
        String[] lines = text.split("\n", -1);
        int from = Math.max(0, lines.length - TAIL_LINES);
        StringBuilder b = new StringBuilder();
        for (int i = from; i < lines.length; i++) {
            if (i == lines.length - 1 && lines[i].isEmpty()) {
                break;
            }
            b.append(lines[i]).append('\n');
        }
        return b.toString();
    }
}
