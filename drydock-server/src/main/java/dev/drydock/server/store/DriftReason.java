package dev.drydock.server.store;

import java.util.Locale;

/**
 * The likely reason two scanners disagree on a finding, by heuristics documented in docs/reconciliation.md
 * ("Drift and parity"). A likely reason, not a proof: it says where to look first.
 */
public enum DriftReason {
    /** Both report it with different severities, one rated by NVD and the other by the distribution or another vendor. */
    VENDOR_VS_NVD("vendor vs NVD rating"),
    /** Both report it with different severities from two sources, neither of them NVD. */
    SEVERITY_SOURCE("different severity source"),
    /** Both report it with different severities from the same (or an unnamed) source: different data versions. */
    RATING("same source, different rating"),
    /** One side reports it; the other has it suppressed as unfixed, or dropped it while no fix exists. */
    UNFIXED_FILTERED("unfixed filtered by one side"),
    /** One side reports it; the other has it suppressed by an ignore file or a VEX statement. */
    SUPPRESSED("suppressed by one side (ignore file or VEX)"),
    /** One side reports it; the other reports other vulnerabilities in the same package, not this one. */
    VERSION_RANGE("version-range disagreement"),
    /** One side reports it; the other reports nothing at all in that package in that image. */
    PACKAGE_NOT_DETECTED("package not detected by one side");

    private final String text;

    DriftReason(String text) {
        this.text = text;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public String text() {
        return text;
    }
}
