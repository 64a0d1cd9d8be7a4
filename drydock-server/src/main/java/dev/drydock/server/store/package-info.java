/** The server's storage: schema migrations and the {@code Store} API over SQLite or PostgreSQL. */
package dev.drydock.server.store;
