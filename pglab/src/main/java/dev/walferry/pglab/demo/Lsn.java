package dev.walferry.pglab.demo;

/** A WAL position as PostgreSQL prints it ({@code 16/B374D848}), comparable as an unsigned 64-bit number. */
public record Lsn(long value) implements Comparable<Lsn> {

    public static Lsn parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("not an LSN: \"" + text + "\"");
        }
        long hi = Long.parseLong(text.substring(0, slash).trim(), 16);
        long lo = Long.parseLong(text.substring(slash + 1).trim(), 16);
        return new Lsn((hi << 32) | lo);
    }

    @Override
    public int compareTo(Lsn o) {
        return Long.compareUnsigned(value, o.value);
    }

    public boolean atLeast(Lsn o) {
        return compareTo(o) >= 0;
    }

    @Override
    public String toString() {
        return String.format("%X/%X", value >>> 32, value & 0xFFFFFFFFL);
    }
}
