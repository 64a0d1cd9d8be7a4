package dev.drydock.server.store;

import org.jdbi.v3.core.Jdbi;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The registries the connector discovers. Credentials are written and read only as the sealed text the
 * caller made (the store never sees them in plain text), and no listing carries them.
 */
final class RegistryStore {
    /** Digests asked about in one IN list: well within both databases' bound-parameter limits. */
    private static final int IN_CHUNK = 500;

    private final Jdbi jdbi;
    private final Clock clock;

    RegistryStore(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /** Empty when a registry with this URL exists already. */
    Optional<RegistryRow> add(String url, String sealedCredentials, String keyRef) {
        // ON CONFLICT DO NOTHING rather than catching a unique violation: on PostgreSQL a failed statement
        // would abort the transaction, and both databases spell this the same way.
        Optional<Long> id = jdbi.withHandle(h -> h.createQuery("""
                        INSERT INTO registry (url, credentials_ref, credentials, created_at) VALUES (:url, :ref, :credentials, :now)
                        ON CONFLICT (url) DO NOTHING RETURNING id
                        """)
                .bind("url", url).bind("ref", keyRef).bind("credentials", sealedCredentials).bind("now", clock.millis())
                .mapTo(Long.class).findOne());
        return id.flatMap(this::get);
    }

    List<RegistryRow> list() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM registry ORDER BY id").map((rs, ctx) -> row(rs)).list());
    }

    Optional<RegistryRow> get(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM registry WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> row(rs)).findOne());
    }

    /** The sealed credentials, for the worker that talks to the registry; empty for an anonymous one. */
    Optional<String> sealedCredentials(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT credentials FROM registry WHERE id = :id").bind("id", id)
                .mapTo(String.class).findOne().filter(s -> s != null && !s.isEmpty()));
    }

    boolean delete(long id) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM registry WHERE id = :id").bind("id", id).execute()) > 0;
    }

    void discovered(long id, String resultJson) {
        jdbi.useHandle(h -> h.createUpdate("""
                        UPDATE registry SET last_discovered_at = :now, last_result = :result, last_error = NULL, last_error_at = NULL
                        WHERE id = :id
                        """)
                .bind("id", id).bind("now", clock.millis()).bind("result", Bounded.text(resultJson, Bounded.DESCRIPTION)).execute());
    }

    void failed(long id, String error) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE registry SET last_error = :error, last_error_at = :now WHERE id = :id")
                .bind("id", id).bind("now", clock.millis()).bind("error", Bounded.text(error, Bounded.VALUE)).execute());
    }

    /** Of {@code digests}, those with a scan at {@code stage}. */
    Set<String> scannedAt(Stage stage, Collection<String> digests) {
        List<String> all = new ArrayList<>(new HashSet<>(digests));
        Set<String> out = new HashSet<>();
        for (int i = 0; i < all.size(); i += IN_CHUNK) {
            List<String> chunk = all.subList(i, Math.min(all.size(), i + IN_CHUNK));
            out.addAll(jdbi.withHandle(h -> h.createQuery("""
                            SELECT image_digest FROM image_stage
                            WHERE stage = :stage AND last_scanned_at IS NOT NULL AND image_digest IN (<digests>)
                            """)
                    .bind("stage", stage.id()).bindList("digests", chunk).mapTo(String.class).list()));
        }
        return out;
    }

    private static RegistryRow row(ResultSet rs) throws SQLException {
        String creds = rs.getString("credentials");
        return new RegistryRow(rs.getLong("id"), rs.getString("url"), creds != null && !creds.isEmpty(),
                Rows.instant(rs, "created_at"), Rows.instant(rs, "last_discovered_at"), rs.getString("last_result"),
                rs.getString("last_error"), Rows.instant(rs, "last_error_at"));
    }
}
