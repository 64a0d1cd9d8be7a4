package dev.drydock.sbom;

import java.util.HashSet;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Hands out identifiers that are unique within one document. The first claimant of a candidate keeps it;
 * later ones get a numbered variant, so ids depend only on the (sorted) order of the claims.
 */
final class UniqueIds {
    private final Set<String> taken = new HashSet<>();
    private final BiFunction<String, Integer, String> variant;

    /** @param variant makes the n-th variant (n ≥ 2) of a taken candidate */
    UniqueIds(BiFunction<String, Integer, String> variant) {
        this.variant = variant;
    }

    String claim(String candidate) {
        String id = candidate;
        for (int n = 2; !taken.add(id); n++) id = variant.apply(candidate, n);
        return id;
    }
}
