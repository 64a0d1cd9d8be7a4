package dev.drydock.scan;

import dev.drydock.catalog.Catalog;
import dev.drydock.policy.Policy;
import dev.drydock.policy.PolicyOutcome;
import dev.drydock.report.ScanReport;
import dev.drydock.vulndb.VulnDb;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * One scan: match a catalog against the database, apply the gate policy, and assemble the report.
 * Whatever produced the catalog (an image, an SBOM, the server's stored packages) gets the same result.
 *
 * @param maxDbAgeDays warn when the database is older than this; negative never warns
 */
public record Scanner(VulnDb db, SeveritySelector severity, Policy policy, String toolVersion, int maxDbAgeDays) {

    /**
     * @param createdAt     the report's time (SOURCE_DATE_EPOCH when reproducible output is wanted)
     * @param now           the real time, against which the database's age is judged
     * @param earlyWarnings what reading the image or SBOM already warned about
     */
    public ScanReport scan(Catalog catalog, Instant createdAt, Instant now, List<String> earlyWarnings) {
        Matcher.Result matched = new Matcher(db, severity, LocalDate.ofInstant(now, java.time.ZoneOffset.UTC)).match(catalog);
        PolicyOutcome outcome = policy.apply(matched.findings());
        List<String> warnings = new ArrayList<>(earlyWarnings);
        String stale = db.metadata().staleWarning(now, maxDbAgeDays);
        if (stale != null) warnings.add(stale);
        warnings.addAll(matched.warnings());
        warnings.addAll(outcome.warnings());
        return new ScanReport(toolVersion, createdAt, catalog.image(), catalog.os(), catalog.packages().size(), db.metadata(),
                outcome.findings(), warnings.stream().distinct().toList(), outcome.gate());
    }
}
