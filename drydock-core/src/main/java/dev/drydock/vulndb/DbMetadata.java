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
