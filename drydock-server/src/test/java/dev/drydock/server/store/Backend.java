package dev.drydock.server.store;

/** The databases every store test runs against. */
enum Backend {
    SQLITE, POSTGRESQL
}
