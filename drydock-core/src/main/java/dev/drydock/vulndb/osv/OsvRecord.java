package dev.drydock.vulndb.osv;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The parts of one OSV record drydock uses. Lists and maps are never null (empty when absent);
 * timestamps and texts are null when absent. {@code details} is already cut to
 * {@link OsvLimits#maxDetailsChars()}.
 */
public record OsvRecord(
        String id,
        List<String> aliases,
        List<String> related,
        Instant modified,
        Instant published,
        Instant withdrawn,
        String summary,
        String details,
        List<OsvSeverity> severity,
        List<OsvAffected> affected,
        List<OsvReference> references,
        Map<String, String> databaseSpecific) {

    public OsvRecord {
        Objects.requireNonNull(id, "id");
        aliases = List.copyOf(aliases);
        related = List.copyOf(related);
        severity = List.copyOf(severity);
        affected = List.copyOf(affected);
        references = List.copyOf(references);
        databaseSpecific = Map.copyOf(databaseSpecific);
    }

    /** A withdrawn record is kept for its history but must never produce a finding. */
    public boolean isWithdrawn() {
        return withdrawn != null;
    }
}
