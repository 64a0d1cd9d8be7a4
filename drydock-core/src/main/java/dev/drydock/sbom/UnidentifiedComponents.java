package dev.drydock.sbom;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Components skipped because drydock cannot say what package they are. Other tools list files, applications,
 * services and ecosystems drydock has no matcher for; one warning with the count and a few examples tells the
 * user what was left out without a line per component.
 */
final class UnidentifiedComponents {
    static final int EXAMPLES = 3;

    enum Reason {
        NO_PURL("without a package-url"),
        BAD_PURL("with a package-url that does not parse"),
        UNKNOWN_TYPE("of a package-url type drydock does not know");

        private final String text;

        Reason(String text) {
            this.text = text;
        }
    }

    private final Map<Reason, Integer> counts = new LinkedHashMap<>();
    private final List<String> examples = new ArrayList<>();
    private int total;

    void skip(Reason reason, SbomEntry entry) {
        counts.merge(reason, 1, Integer::sum);
        total++;
        if (examples.size() < EXAMPLES) examples.add(entry.label());
    }

    int count() {
        return total;
    }

    /** @param components how many components the document lists in all (the subject and OS excluded) */
    String warning(int components) {
        List<String> parts = new ArrayList<>();
        for (Reason r : Reason.values()) {
            Integer n = counts.get(r);
            if (n != null) parts.add(n + " " + r.text);
        }
        return "skipped " + total + " of " + components + " components that drydock cannot identify ("
                + String.join(", ", parts) + "), e.g. " + String.join(", ", examples) + (total > examples.size() ? ", …" : "");
    }
}
