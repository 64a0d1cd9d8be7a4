package dev.drydock.report;

import dev.drydock.model.Finding;
import dev.drydock.model.ImageMetadata;
import dev.drydock.model.OsRelease;
import dev.drydock.policy.GateResult;
import dev.drydock.vulndb.DbMetadata;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Everything one scan found and decided; each output format is a view of this.
 *
 * @param toolVersion  drydock's version
 * @param createdAt    when the scan ran (SOURCE_DATE_EPOCH when set, so reports can be reproducible)
 * @param image        the scanned image; for an SBOM input, what the SBOM says of its subject
 * @param os           the detected distribution, null when none
 * @param packageCount how many packages were matched
 * @param db           the vulnerability database used
 * @param findings     every finding, suppressed ones included (see {@link Finding#suppression()}), in report order:
 *                     severity descending, then package name, then id
 * @param warnings     what the user must know about the result (unsupported distro, stale database, …)
 * @param gate         the gate's verdict
 */
public record ScanReport(String toolVersion, Instant createdAt, ImageMetadata image, OsRelease os, int packageCount,
                         DbMetadata db, List<Finding> findings, List<String> warnings, GateResult gate) {
    public ScanReport {
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(db, "db");
        Objects.requireNonNull(gate, "gate");
        findings = List.copyOf(findings);
        warnings = List.copyOf(warnings);
    }

    /** Findings that count, in report order. */
    public List<Finding> active() {
        return findings.stream().filter(f -> !f.suppressed()).toList();
    }

    /** Findings a rule, VEX statement or option suppressed, in report order. */
    public List<Finding> suppressed() {
        return findings.stream().filter(Finding::suppressed).toList();
    }
}
