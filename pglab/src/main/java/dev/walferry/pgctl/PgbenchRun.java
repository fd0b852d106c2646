package dev.walferry.pgctl;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One finished {@code pgbench} run: how many transactions it processed, and what it printed. */
public record PgbenchRun(long processed, String output) {

    private static final Pattern PROCESSED = Pattern.compile("number of transactions actually processed: (\\d+)");

    static PgbenchRun parse(String output) {
        Matcher m = PROCESSED.matcher(output);
        if (!m.find()) {
            throw new PgException("pgbench printed no transaction count:\n" + output);
        }
        return new PgbenchRun(Long.parseLong(m.group(1)), output);
    }
}
