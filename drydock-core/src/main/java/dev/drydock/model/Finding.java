package dev.drydock.model;

import java.util.List;
import java.util.Objects;

/**
 * One vulnerability in one installed package. Findings of any scanner meet on
 * (image digest, {@link #id}, package purl without qualifiers).
 *
 * @param id               canonical vulnerability id: the CVE where one exists, else the advisory's own id
 * @param aliases          the other ids of the same vulnerability (GHSA, DSA, DEBIAN-CVE, …), sorted, without {@code id}
 * @param pkg              the package as catalogued: purl, layer diffID, path
 * @param installedVersion the version found in the image
 * @param fixedVersions    versions that fix it, lowest first; empty when there is none
 * @param status           the distributor's or ecosystem's verdict
 * @param severity         the chosen severity
 * @param severitySource   who gave {@code severity} (see {@link SeverityRating#source})
 * @param ratings          every source's rating, chosen one first
 * @param advisorySource   the data source whose record matched: {@code debian-tracker}, {@code osv}, {@code alpine-secdb}
 * @param namespace        where the match was looked up: {@code debian:12}, {@code npm}, …
 * @param epss             EPSS of the CVE, null when unknown
 * @param kev              KEV entry of the CVE, null when not listed
 * @param title            a one-line summary, null when no source gave one
 * @param description      the longer text, null when none
 * @param references       URLs, as the sources list them
 * @param cwes             weakness ids ({@code CWE-79}), possibly empty
 * @param suppression      why the finding is not counted, null when it counts
 */
public record Finding(
        String id,
        List<String> aliases,
        Package pkg,
        String installedVersion,
        List<String> fixedVersions,
        FindingStatus status,
        Severity severity,
        String severitySource,
        List<SeverityRating> ratings,
        String advisorySource,
        String namespace,
        Epss epss,
        Kev kev,
        String title,
        String description,
        List<String> references,
        List<String> cwes,
        Suppression suppression) {

    public Finding {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(pkg, "pkg");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(severity, "severity");
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        fixedVersions = fixedVersions == null ? List.of() : List.copyOf(fixedVersions);
        ratings = ratings == null ? List.of() : List.copyOf(ratings);
        references = references == null ? List.of() : List.copyOf(references);
        cwes = cwes == null ? List.of() : List.copyOf(cwes);
    }

    public boolean suppressed() {
        return suppression != null;
    }

    public Finding withSuppression(Suppression s) {
        return new Finding(id, aliases, pkg, installedVersion, fixedVersions, status, severity, severitySource, ratings,
                advisorySource, namespace, epss, kev, title, description, references, cwes, s);
    }

    /** True when {@code vulnId} is this finding's id or one of its aliases. */
    public boolean isKnownAs(String vulnId) {
        return id.equalsIgnoreCase(vulnId) || aliases.stream().anyMatch(a -> a.equalsIgnoreCase(vulnId));
    }

    /** The lowest fixed version, or null. */
    public String firstFixedVersion() {
        return fixedVersions.isEmpty() ? null : fixedVersions.get(0);
    }
}
