package dev.drydock.server.store;

import java.time.Instant;

/** When the server last matched an image's stored packages again, and against which vulnerability database build. */
public record LastRematch(Instant at, Instant dbBuiltAt) {
}
