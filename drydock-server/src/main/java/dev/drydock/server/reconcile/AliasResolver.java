package dev.drydock.server.reconcile;

import dev.drydock.server.jobs.VulnDbSource;

import java.util.Collection;
import java.util.Map;

/**
 * Canonical vulnerability ids (the CVE where there is one) of advisory ids such as {@code GHSA-…}, {@code DSA-…},
 * {@code DLA-…}, {@code ALAS-…}, from the vulnerability database drydock matches with, so that another scanner's
 * finding lands on the same canonical finding as drydock's own.
 */
@FunctionalInterface
public interface AliasResolver {
    /** No database: every id is kept as reported. */
    AliasResolver NONE = ids -> {
        throw new Unavailable();
    };

    /**
     * The canonical id of each id the database knows; unknown ids are left out.
     *
     * @throws Unavailable when there is no usable database
     */
    Map<String, String> canonical(Collection<String> ids);

    /** Through the server's (or the CLI's) vulnerability database file. */
    static AliasResolver of(VulnDbSource source) {
        return ids -> {
            try {
                return source.withDb(db -> db.canonical(ids));
            } catch (dev.drydock.vulndb.VulnDbException e) {
                throw new Unavailable();
            }
        };
    }

    /** There is no usable vulnerability database. */
    final class Unavailable extends RuntimeException {
        public Unavailable() {
            super("no usable vulnerability database", null, false, false);
        }
    }
}
