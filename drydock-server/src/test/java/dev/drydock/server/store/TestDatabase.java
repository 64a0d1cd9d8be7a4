package dev.drydock.server.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A fresh, migrated database for one test: a temporary SQLite file, or a new schema in the local
 * PostgreSQL (dropped afterwards). PostgreSQL is required, not optional: when it cannot be reached the
 * test fails and says how to provide one, because a skipped half of the suite would hide every bug that
 * only PostgreSQL shows.
 */
public final class TestDatabase implements AutoCloseable {
    /** The PostgreSQL the tests use; .ci/run starts one here when the machine has none. */
    public static final String PG_URL = System.getenv().getOrDefault("DRYDOCK_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    public static final String PG_USER = System.getenv().getOrDefault("DRYDOCK_TEST_PG_USER", "postgres");

    public final Backend backend;
    public final Database db;
    public final String url;
    private final Path dir;
    private final String schema;

    private TestDatabase(Backend backend, Database db, String url, Path dir, String schema) {
        this.backend = backend;
        this.db = db;
        this.url = url;
        this.dir = dir;
        this.schema = schema;
    }

    public static TestDatabase open(Backend backend) {
        return switch (backend) {
            case SQLITE -> {
                try {
                    Path dir = Files.createTempDirectory("drydock-store");
                    String url = "jdbc:sqlite:" + dir.resolve("drydock.db");
                    yield new TestDatabase(backend, Database.open(url), url, dir, null);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            case POSTGRESQL -> {
                String schema = "drydock_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
                try (Connection c = adminConnection(); Statement s = c.createStatement()) {
                    s.execute("CREATE SCHEMA " + schema);
                } catch (SQLException e) {
                    throw new AssertionError("PostgreSQL is required for the store tests and is not reachable at " + PG_URL
                            + " as user " + PG_USER + " (" + e.getMessage() + "). Start one with trust authentication and a"
                            + " database named test (.ci/run does this), or point DRYDOCK_TEST_PG_URL / DRYDOCK_TEST_PG_USER"
                            + " at one.", e);
                }
                String url = PG_URL + (PG_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
                yield new TestDatabase(backend, Database.open(url, PG_USER, null), url, null, schema);
            }
        };
    }

    /** A second Database on the same data, as another server process would open it. */
    public Database reopen() {
        Database again = backend == Backend.POSTGRESQL ? Database.open(url, PG_USER, null) : Database.open(url);
        opened.add(again);
        return again;
    }

    /** Databases opened by {@link #reopen()}: their connection pools close with this one. */
    private final java.util.List<Database> opened = new java.util.concurrent.CopyOnWriteArrayList<>();

    private static Connection adminConnection() throws SQLException {
        return DriverManager.getConnection(PG_URL, PG_USER, null);
    }

    @Override
    public void close() {
        opened.forEach(Database::close);
        db.close();
        if (schema != null) {
            try (Connection c = adminConnection(); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA " + schema + " CASCADE");
            } catch (SQLException e) {
                throw new IllegalStateException("could not drop test schema " + schema, e);
            }
        }
        if (dir != null) {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
