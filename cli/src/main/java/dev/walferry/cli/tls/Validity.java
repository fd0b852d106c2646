package dev.walferry.cli.tls;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * The "not before / not after" window of a certificate. Any window may be given, so tests can make expired and
 * not-yet-valid certificates; {@link #days} makes the usual one.
 */
public record Validity(Instant notBefore, Instant notAfter) {

    /**
     * How far {@link #days} moves "not before" into the past, so that a certificate made a moment ago is
     * already valid on a host whose clock runs behind the one that made it.
     */
    public static final Duration CLOCK_SKEW = Duration.ofHours(1);

    public Validity {
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
        // X.509 times have whole seconds
        notBefore = notBefore.truncatedTo(ChronoUnit.SECONDS);
        notAfter = notAfter.truncatedTo(ChronoUnit.SECONDS);
        if (!notAfter.isAfter(notBefore)) {
            throw new IllegalArgumentException("notAfter " + notAfter + " is not after notBefore " + notBefore);
        }
    }

    /** Valid from {@link #CLOCK_SKEW} before {@code now} until {@code days} days after {@code now}. */
    public static Validity days(Instant now, int days) {
        if (days < 1) {
            throw new IllegalArgumentException("days must be at least 1, not " + days);
        }
        return new Validity(now.minus(CLOCK_SKEW), now.plus(Duration.ofDays(days)));
    }

    /** This window, ending no later than {@code limit}. */
    public Validity endingBy(Instant limit) {
        return notAfter.isAfter(limit) ? new Validity(notBefore, limit) : this;
    }
}
