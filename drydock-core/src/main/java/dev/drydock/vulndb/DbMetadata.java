package dev.drydock.vulndb;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a vulnerability database says about itself: its schema, when it was built, and for each source
 * when that source was last updated and how many records it gave.
 */
public record DbMetadata(int schemaVersion, Instant builtAt, String builtBy, List<SourceInfo> sources) {
    public DbMetadata {
        Objects.requireNonNull(builtAt, "builtAt");
        sources = List.copyOf(sources);
    }

    /**
     * The one rule for "too old", shared by {@code scan} and {@code db status}: a warning when the database
     * was built more than {@code maxAgeDays} before {@code now}, else null; a negative limit never warns.
     */
    public String staleWarning(Instant now, int maxAgeDays) {
        if (maxAgeDays < 0) return null;
        java.time.Duration age = java.time.Duration.between(builtAt, now);
        if (age.compareTo(java.time.Duration.ofDays(maxAgeDays)) <= 0) return null;
        return "the vulnerability database is " + age.toDays() + " days old (built " + builtAt
                + "); vulnerabilities published since are missing: run `drydock db update`";
    }

    /**
     * One source's provenance.
     *
     * @param name      {@code osv}, {@code debian-tracker}, {@code alpine-secdb}, {@code nvd}, {@code kev}, {@code epss}
     * @param updatedAt when its data was produced upstream (feed date, newest record), or when it was read
     * @param records   how many records of it are in the database
     * @param origin    the file or URL it was read from
     */
    public record SourceInfo(String name, Instant updatedAt, long records, String origin) {
    }
}
