package dev.drydock.server.store;

import java.time.Instant;
import java.util.Objects;

/** A decision as a triager sends it; it replaces the previous one on the same (repository, package, vulnerability). */
public record TriageDecision(String repository, String packageName, String vulnId, TriageState state, String justification,
                             String note, String assignee, Instant expiresAt, boolean untilVersionChange) {
    public TriageDecision {
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(packageName, "packageName");
        Objects.requireNonNull(vulnId, "vulnId");
        Objects.requireNonNull(state, "state");
    }
}
