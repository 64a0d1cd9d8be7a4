package dev.drydock.server.store;

/** The parity of one scope as the daily snapshot of {@code day} (ISO date, UTC) recorded it. */
public record ParityPoint(String day, Parity parity) {
}
