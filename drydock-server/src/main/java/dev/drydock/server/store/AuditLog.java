package dev.drydock.server.store;

import org.jdbi.v3.core.Jdbi;

import java.time.Clock;
import java.util.List;

/** Who did what: token changes, break-glass, triage, policy. Append-only. */
final class AuditLog {
    static final int MAX_PAGE = 500;

    private final Jdbi jdbi;
    private final Clock clock;

    AuditLog(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    long append(String actor, String action, String subject, String detail) {
        return jdbi.withHandle(h -> h.createQuery("""
                        INSERT INTO audit_log (at, actor, action, subject, detail) VALUES (:at, :actor, :action, :subject, :detail)
                        RETURNING id
                        """)
                .bind("at", clock.millis())
                .bind("actor", Bounded.text(actor == null ? "unknown" : actor, Bounded.SHORT_KEY_BYTES))
                .bind("action", Bounded.text(action == null ? "unknown" : action, Bounded.SHORT_KEY_BYTES))
                .bind("subject", Bounded.text(subject, Bounded.VALUE))
                .bind("detail", Bounded.text(detail, Bounded.DESCRIPTION))
                .mapTo(Long.class).one());
    }

    /** Newest first, entries with an id below {@code beforeId} (Long.MAX_VALUE: from the newest). */
    List<AuditEntry> read(int limit, long beforeId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT id, at, actor, action, subject, detail FROM audit_log WHERE id < :before ORDER BY id DESC LIMIT :limit
                        """)
                .bind("before", beforeId).bind("limit", Math.max(1, Math.min(MAX_PAGE, limit)))
                .map((rs, ctx) -> new AuditEntry(rs.getLong("id"), Rows.instant(rs, "at"), rs.getString("actor"),
                        rs.getString("action"), rs.getString("subject"), rs.getString("detail")))
                .list());
    }
}
