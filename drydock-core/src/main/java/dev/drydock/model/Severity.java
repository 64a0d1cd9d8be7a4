package dev.drydock.model;

import java.util.Locale;

/**
 * One severity scale for every source, ordered from least to most severe so that thresholds compare
 * with {@link #compareTo}. {@link #UNKNOWN} sorts lowest: a finding nobody has rated yet never passes
 * a threshold by accident, but is still listed.
 */
public enum Severity {
    UNKNOWN, NEGLIGIBLE, LOW, MEDIUM, HIGH, CRITICAL;

    /**
     * The severity a source's own word means: CVSS qualitative ratings, GHSA's {@code MODERATE}, Debian's
     * urgencies ({@code unimportant}, {@code low**}), Ubuntu's priorities, Red Hat's {@code important}.
     * Anything else is {@link #UNKNOWN}.
     */
    public static Severity parse(String word) {
        if (word == null) return UNKNOWN;
        String w = word.strip().toLowerCase(Locale.ROOT);
        while (w.endsWith("*") || w.endsWith("!")) w = w.substring(0, w.length() - 1); // tracker's "low**"
        return switch (w) {
            case "critical" -> CRITICAL;
            case "high", "important" -> HIGH;
            case "medium", "moderate" -> MEDIUM;
            case "low" -> LOW;
            case "negligible", "unimportant", "none", "informational", "info" -> NEGLIGIBLE;
            default -> UNKNOWN;
        };
    }

    /** The CVSS v3/v4 qualitative rating of a base score. */
    public static Severity ofCvssScore(double score) {
        if (score >= 9.0) return CRITICAL;
        if (score >= 7.0) return HIGH;
        if (score >= 4.0) return MEDIUM;
        if (score > 0.0) return LOW;
        return NEGLIGIBLE;
    }

    /** Lower-case name as reports and command-line options spell it. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
