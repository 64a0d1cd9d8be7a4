package dev.drydock.server.store;

import java.time.Instant;

/** A name of an image with when it was first and last seen under it. */
public record NameRecord(ImageName name, Instant firstSeen, Instant lastSeen) {
}
