package dev.drydock.vulndb.debian;

import java.util.Objects;

/**
 * One (source package, vulnerability, release) row of the tracker.
 *
 * @param sourcePackage   Debian source package name; binary packages map to it through dpkg's {@code Source}
 * @param vulnerabilityId a CVE id, or the tracker's own {@code TEMP-…} id for issues without one
 * @param codename        release codename as the tracker spells it ({@code bookworm}, {@code sid})
 * @param release         release number from {@link DebianReleases}, null for a codename it does not know
 * @param status          the tracker's verdict in drydock's terms
 * @param fixedVersion    the first fixed version when {@code status} is {@link DebianStatus#FIXED}, else null
 * @param urgency         Debian's severity for this package in this release
 * @param urgencyText     the urgency exactly as the tracker wrote it, null when absent
 * @param noDsaNote       the tracker's no-DSA comment when present (why no advisory is planned), else null
 * @param description     the description, cut to {@link DebianTrackerLimits#maxDescriptionChars()}; null when absent
 * @param debianBug       Debian bug number, or null
 */
public record DebianTrackerRecord(
        String sourcePackage,
        String vulnerabilityId,
        String codename,
        String release,
        DebianStatus status,
        String fixedVersion,
        DebianUrgency urgency,
        String urgencyText,
        String noDsaNote,
        String description,
        Long debianBug) {

    public DebianTrackerRecord {
        Objects.requireNonNull(sourcePackage, "sourcePackage");
        Objects.requireNonNull(vulnerabilityId, "vulnerabilityId");
        Objects.requireNonNull(codename, "codename");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(urgency, "urgency");
        if ((status == DebianStatus.FIXED) != (fixedVersion != null)) {
            throw new IllegalArgumentException("fixedVersion is set exactly when status is FIXED");
        }
    }
}
