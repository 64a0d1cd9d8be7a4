package dev.drydock.vulndb.kev;

import java.time.Instant;

/**
 * The catalog header.
 *
 * @param catalogVersion e.g. "2025.08.25"; null when absent
 * @param dateReleased   null when absent or unreadable
 * @param count          the count the catalog claims, -1 when absent
 */
public record KevCatalogInfo(String catalogVersion, Instant dateReleased, int count) {
}
