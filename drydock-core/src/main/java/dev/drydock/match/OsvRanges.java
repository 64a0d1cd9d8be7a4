package dev.drydock.match;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Range membership as OSV defines it for ECOSYSTEM (and SEMVER) ranges: sort a range's events by
 * version, then walk them; an introduced event at or below the version opens the range, a fixed one
 * at or below closes it, a last_affected one strictly below closes it. A limit caps the whole range:
 * at or above it nothing is affected. A version is affected if any of its ranges says so.
 * Pure functions over a {@link VersionScheme}; no database.
 */
public final class OsvRanges {
    private OsvRanges() {
    }

    /** One range (one OSV "events" list), in any order. */
    public static boolean affected(VersionScheme scheme, String version, List<OsvEvent> events) {
        scheme.validate(version);
        List<OsvEvent> sorted = new ArrayList<>(events);
        // "introduced: 0" first; equal versions keep their given order, so introduced X, fixed X
        // is an empty range, as OSV's reference evaluation treats it.
        sorted.sort(Comparator.comparing(OsvEvent::isZero).reversed()
                .thenComparing((e, f) -> e.isZero() || f.isZero() ? 0 : scheme.compare(e.version(), f.version())));
        boolean affected = false;
        for (OsvEvent e : sorted) {
            if (e.kind() == OsvEvent.Kind.LIMIT && scheme.compare(version, e.version()) >= 0) return false;
        }
        for (OsvEvent e : sorted) {
            switch (e.kind()) {
                case INTRODUCED -> {
                    if (e.isZero() || scheme.compare(version, e.version()) >= 0) affected = true;
                }
                case FIXED -> {
                    if (scheme.compare(version, e.version()) >= 0) affected = false;
                }
                case LAST_AFFECTED -> {
                    if (scheme.compare(version, e.version()) > 0) affected = false;
                }
                case LIMIT -> {
                    // handled above
                }
            }
        }
        return affected;
    }

    /** Several ranges of one advisory for one package: affected if any range says so. */
    public static boolean affectedByAny(VersionScheme scheme, String version, List<List<OsvEvent>> ranges) {
        for (List<OsvEvent> range : ranges) {
            if (affected(scheme, version, range)) return true;
        }
        return false;
    }
}
