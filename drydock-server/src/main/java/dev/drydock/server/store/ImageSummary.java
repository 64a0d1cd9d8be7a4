package dev.drydock.server.store;

import java.time.Instant;

/** One row of the image list. {@code name} is the name last seen, null when the image never had one. */
public record ImageSummary(String digest, String name, String distro, Instant firstSeen, Instant lastSeen,
                           SeverityCounts counts, int kevCount) {
}
