package dev.drydock.vulndb;

import dev.drydock.match.OsvEvent;
import dev.drydock.model.FindingStatus;

import java.util.List;

/**
 * One source's record that a package in a namespace is (or is not) affected by a vulnerability.
 *
 * @param advisoryId  the id the source filed it under
 * @param canonicalId the vulnerability it is an alias of (the CVE where one exists)
 * @param source      the importer that loaded it ({@code debian-tracker}, {@code osv}, …)
 * @param ranges      OSV-style event lists; with {@code versions} both empty, every version is affected
 * @param severity    the source's word for this package, or null
 */
public record AdvisoryEntry(String namespace, String pkg, String advisoryId, String canonicalId, String source,
                            FindingStatus status, List<List<OsvEvent>> ranges, List<String> versions, String severity,
                            String note) {
    public AdvisoryEntry {
        ranges = List.copyOf(ranges);
        versions = List.copyOf(versions);
    }
}
