package dev.drydock.server.store;

import java.time.Instant;
import java.util.List;

/**
 * A stored decision with its comments and history (both oldest first; empty in the export lists).
 *
 * @param purl           the package's purl without version and qualifiers
 * @param decidedVersion the installed version it was decided for (what {@code untilVersionChange} compares)
 */
public record TriageRecord(long id, String key, String repository, String packageName, String vulnId, String purl,
                           TriageState state, String justification, String note, String assignee, Instant expiresAt,
                           boolean untilVersionChange, String decidedVersion, String createdBy, Instant createdAt,
                           String updatedBy, Instant updatedAt, List<Comment> comments, List<Event> history) {
    public TriageRecord {
        comments = List.copyOf(comments);
        history = List.copyOf(history);
    }

    /** Whether the decision's expiry has passed at {@code now}. */
    public boolean expired(Instant now) {
        return expiresAt != null && !expiresAt.isAfter(now);
    }

    public record Comment(long id, Instant at, String author, String body) {
    }

    /** One change of one field: who, when, from what, to what (null: unset). */
    public record Event(long id, Instant at, String actor, String field, String from, String to) {
    }
}
