package dev.drydock.sbom;

import dev.drydock.model.UntrustedText;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * The creation time written into an SBOM. Reproducible builds fix it with {@code SOURCE_DATE_EPOCH}
 * (seconds since the Unix epoch, https://reproducible-builds.org/specs/source-date-epoch/); otherwise it is now.
 */
public final class SbomTimestamp {
    public static final String SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH";

    private SbomTimestamp() {
    }

    public static Instant fromEnvironment() {
        return fromEnvironment(System.getenv(), Clock.systemUTC());
    }

    /**
     * @throws IllegalArgumentException when the variable is set but not a non-negative integer: the
     *                                  specification asks tools to fail rather than silently use the clock
     */
    public static Instant fromEnvironment(Map<String, String> env, Clock clock) {
        String value = env.get(SOURCE_DATE_EPOCH);
        if (value == null || value.isEmpty()) return clock.instant().truncatedTo(ChronoUnit.SECONDS);
        try {
            long seconds = Long.parseLong(value.trim());
            // Beyond year 9999 the ISO-8601 forms both SBOM schemas require cannot express the date.
            if (seconds < 0 || seconds > 253_402_300_799L) throw new NumberFormatException();
            return Instant.ofEpochSecond(seconds);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(SOURCE_DATE_EPOCH + " must be a whole number of seconds since 1970-01-01 (up to year 9999), not '"
                    + printable(value) + "'");
        }
    }

    private static String printable(String s) {
        return UntrustedText.printable(s, 40);
    }
}
