package dev.drydock.server.ingest;

import dev.drydock.model.FindingStatus;
import dev.drydock.model.Severity;

import java.util.List;

/**
 * One vulnerability in one package as another scanner reported it; becomes an attribution on drydock's
 * canonical finding.
 *
 * @param vulnerabilityId  the id to join on: the report's CVE when the report itself links one (Grype's related
 *                         vulnerabilities, a CycloneDX reference), else the scanner's own id; the store resolves it
 *                         further through the vulnerability DB's aliases
 * @param nativeId         the id exactly as the scanner reported it ({@code GHSA-...}, {@code ALAS-...})
 * @param aliases          other ids the report gives for the same vulnerability, without {@code vulnerabilityId}
 * @param pkg              the affected package
 * @param severity         the scanner's severity on drydock's scale
 * @param rawSeverity      the scanner's own word or score, as reported
 * @param severitySource   whose rating the scanner used ({@code nvd}, {@code debian}, {@code ghsa} ...) when it says
 * @param cvssScore        a CVSS base score the report gives for that source, else null
 * @param cvssVector       the matching vector, else null
 * @param fixedVersions    versions that fix it, in the report's order; empty when none is known
 * @param status           fixed / affected / will-not-fix / deferred / not-affected; null when the report does not say
 * @param title            short display text, bounded
 * @param description      display text, bounded
 * @param assessment       a VEX assessment (CycloneDX analysis), else null
 */
public record ImportedFinding(String vulnerabilityId, String nativeId, List<String> aliases, ImportedPackage pkg,
                              Severity severity, String rawSeverity, String severitySource,
                              Double cvssScore, String cvssVector, List<String> fixedVersions,
                              FindingStatus status, String title, String description, Assessment assessment) {
    public ImportedFinding {
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        fixedVersions = fixedVersions == null ? List.of() : List.copyOf(fixedVersions);
        if (severity == null) severity = Severity.UNKNOWN;
    }

    /** The first fixed version, as the finding table stores one. */
    public String fixedVersion() {
        return fixedVersions.isEmpty() ? null : fixedVersions.get(0);
    }
}
