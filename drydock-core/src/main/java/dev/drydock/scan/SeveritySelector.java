package dev.drydock.scan;

import dev.drydock.model.Severity;
import dev.drydock.model.SeverityRating;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Chooses a finding's severity among its sources' ratings. By default the distribution's or
 * ecosystem's own rating comes first (it rates the package as shipped, e.g. Debian's "unimportant"
 * for code not built), then GHSA's for GHSA advisories, then NVD's, then anyone else's. A user's
 * {@code --severity-source} list replaces that order; {@code auto} in it stands for the default order.
 */
public final class SeveritySelector {
    public static final String AUTO = "auto";

    private final List<String> order;

    /** @param order source names in preference order, e.g. {@code [nvd, auto]}; empty means {@code [auto]} */
    public SeveritySelector(List<String> order) {
        this.order = order == null || order.isEmpty() ? List.of(AUTO)
                : order.stream().map(s -> s.strip().toLowerCase(Locale.ROOT)).toList();
    }

    /**
     * The chosen rating first, then every other rating; an unrated finding gets a synthetic
     * {@code UNKNOWN} rating from source {@code none}.
     *
     * @param primary the sources that rate the package as shipped (the matched advisory's publisher)
     * @param ghsa    whether the vulnerability has a GHSA id
     */
    public List<SeverityRating> rank(List<SeverityRating> ratings, List<String> primary, boolean ghsa) {
        List<String> sources = new ArrayList<>();
        for (String s : order) {
            if (s.equals(AUTO)) {
                sources.addAll(primary);
                if (ghsa) sources.add("ghsa");
                sources.add("nvd");
                sources.add("*");
            } else {
                sources.add(s);
            }
        }
        SeverityRating chosen = null;
        for (String source : sources) {
            chosen = best(ratings, source);
            if (chosen != null) break;
        }
        List<SeverityRating> out = new ArrayList<>();
        out.add(chosen != null ? chosen : SeverityRating.of("none", Severity.UNKNOWN));
        for (SeverityRating r : ratings) if (r != chosen) out.add(r);
        return out;
    }

    /**
     * A source's own word (Ubuntu's priority, Debian's urgency) over its CVSS vectors, since the word is
     * its verdict on the package as shipped; among vectors the newest CVSS version. {@code *} takes any source's.
     */
    private static SeverityRating best(List<SeverityRating> ratings, String source) {
        return ratings.stream()
                .filter(r -> r.severity() != Severity.UNKNOWN)
                .filter(r -> source.equals("*") || r.source().equals(source))
                .max(Comparator.comparing((SeverityRating r) -> r.cvssVersion() == null)
                        .thenComparing(r -> r.cvssVersion() == null ? "" : r.cvssVersion()))
                .orElse(null);
    }
}
