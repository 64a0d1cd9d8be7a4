package dev.drydock.server.store;

import dev.drydock.model.Severity;

import java.time.Instant;
import java.util.List;

/**
 * A finding of an image, joined with its vulnerability.
 *
 * @param purl       the package's purl without qualifiers (the finding's identity)
 * @param active     whether some scanner still reports it
 * @param suppressed whether every live attribution says the scanner's policy left it out (ignore file, VEX, unfixed)
 * @param scanners   the scanners whose attribution is live, sorted
 * @param epssScore  null when unknown
 * @param triage     the state of the live triage decision on it (its repository, package and vulnerability), null when none
 */
public record FindingRow(long id, String vulnId, List<String> aliases, String purl, String packageName,
                         String installedVersion, String fixedVersion, String status, Severity severity,
                         String severitySource, String title, Double epssScore, Double epssPercentile, boolean kev,
                         Instant firstSeen, Instant lastSeen, boolean active, boolean suppressed, List<String> scanners,
                         TriageState triage) {
    public FindingRow {
        aliases = List.copyOf(aliases);
        scanners = List.copyOf(scanners);
    }

    public FindingRow(long id, String vulnId, List<String> aliases, String purl, String packageName, String installedVersion,
                      String fixedVersion, String status, Severity severity, String severitySource, String title, Double epssScore,
                      Double epssPercentile, boolean kev, Instant firstSeen, Instant lastSeen, boolean active, boolean suppressed,
                      List<String> scanners) {
        this(id, vulnId, aliases, purl, packageName, installedVersion, fixedVersion, status, severity, severitySource, title,
                epssScore, epssPercentile, kev, firstSeen, lastSeen, active, suppressed, scanners, null);
    }

    /** Whether a live decision takes it out of the open triage queue (not affected, false positive, risk accepted). */
    public boolean triaged() {
        return triage != null && triage.suppresses();
    }
}
