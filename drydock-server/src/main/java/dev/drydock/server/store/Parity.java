package dev.drydock.server.store;

/**
 * Agreement between two scanners over one scope (the fleet, a repository, an image), counted over live,
 * unsuppressed attributions on images both scanners scanned.
 *
 * @param scope              the repository or digest; null for the fleet
 * @param images             images compared (scanned by both)
 * @param both               findings both report
 * @param onlyA              findings only scanner A reports
 * @param onlyB              findings only scanner B reports
 * @param sameSeverity       of {@code both}, those with the same severity
 * @param severityAgreement  100 × sameSeverity / both, to two decimals; null when both is 0
 * @param presenceAgreement  Jaccard: 100 × both / (both + onlyA + onlyB), to two decimals; null when that is 0
 */
public record Parity(String scope, long images, long both, long onlyA, long onlyB, long sameSeverity,
                     Double severityAgreement, Double presenceAgreement) {
    public static Parity of(String scope, long images, long both, long onlyA, long onlyB, long sameSeverity) {
        return new Parity(scope, images, both, onlyA, onlyB, sameSeverity, percent(sameSeverity, both),
                percent(both, both + onlyA + onlyB));
    }

    static Double percent(long part, long whole) {
        if (whole == 0) return null;
        return Math.round(10_000.0 * part / whole) / 100.0;
    }

    /** The same figures with the scanners swapped. */
    public Parity swapped() {
        return of(scope, images, both, onlyB, onlyA, sameSeverity);
    }
}
