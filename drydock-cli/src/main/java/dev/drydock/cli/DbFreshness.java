package dev.drydock.cli;

import dev.drydock.vulndb.DbMetadata;

import java.time.Duration;
import java.time.Instant;

/** The one rule for "this database is too old", shared by {@code db status} and {@code scan}. */
final class DbFreshness {
    private DbFreshness() {
    }

    /** A warning when the database was built more than {@code maxAgeDays} ago, else null; a negative limit never warns. */
    static String warning(DbMetadata m, Instant now, int maxAgeDays) {
        if (maxAgeDays < 0) return null;
        Duration age = Duration.between(m.builtAt(), now);
        if (age.compareTo(Duration.ofDays(maxAgeDays)) <= 0) return null;
        return "the vulnerability database is " + age.toDays() + " days old (built " + m.builtAt()
                + "); vulnerabilities published since are missing. Run `drydock db update`.";
    }
}
