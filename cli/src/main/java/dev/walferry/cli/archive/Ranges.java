package dev.walferry.cli.archive;

/** The {@code --from}/{@code --to} rule shared with the receiver's LIST: names compared as strings, bounds included. */
final class Ranges {

    private Ranges() {}

    static boolean contains(String from, String to, String name) {
        return (from == null || from.isEmpty() || name.compareTo(from) >= 0)
                && (to == null || to.isEmpty() || name.compareTo(to) <= 0);
    }
}
