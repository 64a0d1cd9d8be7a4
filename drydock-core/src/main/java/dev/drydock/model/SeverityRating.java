package dev.drydock.model;

import java.util.Objects;

/**
 * One source's rating of one vulnerability: a severity, and the CVSS vector and base score behind it
 * when the source gave one. Every source's rating is kept beside the one chosen for the finding.
 *
 * @param source      who rated: {@code debian}, {@code ubuntu}, {@code alpine}, {@code ghsa}, {@code nvd}, or an NVD
 *                    secondary source such as {@code nvd:cna@example.org}
 * @param cvssVersion {@code 2.0}, {@code 3.0}, {@code 3.1}, {@code 4.0}, or null when the source gave only a word
 * @param vector      the CVSS vector, or null
 * @param score       the CVSS base score, or null
 */
public record SeverityRating(String source, Severity severity, String cvssVersion, String vector, Double score) {
    public SeverityRating {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(severity, "severity");
    }

    public static SeverityRating of(String source, Severity severity) {
        return new SeverityRating(source, severity, null, null, null);
    }
}
