package dev.drydock.server.store;

import dev.drydock.model.Severity;

import java.time.Instant;
import java.util.List;

/**
 * One item of the triage queue: a vulnerability in a package, in a repository, over the active findings of
 * every image named in that repository.
 *
 * @param key          stable id of (repository, package, vulnerability): the same in every export, forever
 * @param decision     the decision's id, null when nobody decided yet
 * @param state        the decision's state ({@code new} without one)
 * @param triaged      whether a live decision covers every active finding of the item
 * @param expired      whether the decision has an expiry that has passed
 * @param images       images carrying it
 * @param findings     active findings (one per image and package purl)
 * @param fixedVersion a version that fixes it, null when none is known
 * @param scanners     the scanners with a live attribution of one of its findings, sorted
 */
public record TriageItem(String key, Long decision, String repository, String packageName, String vulnId, String purl,
                         String title, Severity severity, boolean kev, Double epss, boolean fixAvailable, String fixedVersion,
                         int images, int findings, TriageState state, boolean triaged, boolean expired, String assignee,
                         String justification, String note, Instant expiresAt, Instant firstSeen, Instant updatedAt,
                         List<String> scanners) {
    public TriageItem {
        scanners = List.copyOf(scanners);
    }

    TriageItem withScanners(List<String> s) {
        return new TriageItem(key, decision, repository, packageName, vulnId, purl, title, severity, kev, epss, fixAvailable,
                fixedVersion, images, findings, state, triaged, expired, assignee, justification, note, expiresAt, firstSeen,
                updatedAt, s);
    }
}
