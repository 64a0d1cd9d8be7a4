package dev.drydock.server.store;

import java.time.Instant;

/**
 * A configured registry as the API may show it: never its credentials, only whether it has any.
 *
 * @param lastResult the last discovery's counts as JSON, or null
 * @param lastError  the last failed discovery's message (cleared by a success), or null
 */
public record RegistryRow(long id, String url, boolean hasCredentials, Instant createdAt, Instant lastDiscoveredAt,
                          String lastResult, String lastError, Instant lastErrorAt) {
}
