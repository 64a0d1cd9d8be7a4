package dev.drydock.server.store;

import java.time.Instant;

/** A stored token without its secret. {@code lastUsedAt} is updated at most once a minute. */
public record TokenInfo(long id, String name, Role role, Instant createdAt, Instant lastUsedAt, Instant revokedAt) {
    public boolean revoked() {
        return revokedAt != null;
    }
}
