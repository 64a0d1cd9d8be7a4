package dev.drydock.server.store;

/** The databases every store test runs against. */
public enum Backend {
    SQLITE, POSTGRESQL
}
