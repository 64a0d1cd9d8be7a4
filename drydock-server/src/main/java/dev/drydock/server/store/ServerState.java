package dev.drydock.server.store;

import org.jdbi.v3.core.Jdbi;

import java.time.Clock;
import java.util.Optional;

/** server_state: small named facts every process of one deployment shares (e.g. the database build last re-matched). */
final class ServerState {
    private final Jdbi jdbi;
    private final Clock clock;

    ServerState(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    Optional<String> get(String name) {
        if (!Bounded.matchable(name)) return Optional.empty();
        return jdbi.withHandle(h -> h.createQuery("SELECT value FROM server_state WHERE name = :name")
                .bind("name", name).mapTo(String.class).findOne());
    }

    void put(String name, String value) {
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO server_state (name, value, updated_at) VALUES (:name, :value, :now)
                        ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
                        """)
                .bind("name", Bounded.key(name, Bounded.SHORT_KEY_BYTES)).bind("value", Bounded.text(value, Bounded.VALUE))
                .bind("now", clock.millis()).execute());
    }
}
