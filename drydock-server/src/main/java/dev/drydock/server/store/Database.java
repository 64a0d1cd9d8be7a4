package dev.drydock.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.postgresql.ds.PGSimpleDataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteDataSource;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;

/**
 * The server's database: an SQLite file by default, PostgreSQL at scale. Opening it applies every
 * pending migration, so a store is always on the newest schema.
 */
public final class Database implements AutoCloseable {
    /** How long an SQLite connection waits for the writer before giving up; writes are short. */
    static final int SQLITE_BUSY_TIMEOUT_MS = 30_000;

    private final String url;
    private final Dialect dialect;
    private final DataSource dataSource;
    private final Jdbi jdbi;

    private Database(String url, Dialect dialect, DataSource dataSource) {
        this.url = url;
        this.dialect = dialect;
        this.dataSource = dataSource;
        this.jdbi = Jdbi.create(dataSource);
    }

    /**
     * Opens and migrates the database at {@code jdbcUrl}. For PostgreSQL, user and password may be in the
     * URL ({@code ?user=…&password=…}) or given here (null: from the URL).
     */
    public static Database open(String jdbcUrl, String user, String password) {
        Dialect dialect = Dialect.ofUrl(jdbcUrl);
        DataSource ds = switch (dialect) {
            case SQLITE -> sqlite(jdbcUrl);
            case POSTGRESQL -> postgresql(jdbcUrl, user, password);
        };
        Database db = new Database(jdbcUrl, dialect, ds);
        db.migrate();
        return db;
    }

    public static Database open(String jdbcUrl) {
        return open(jdbcUrl, null, null);
    }

    /** Opens the default SQLite file, creating its directory. */
    public static Database openDefault(Map<String, String> env) {
        Path file = defaultPath(env);
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + file.getParent(), e);
        }
        return open("jdbc:sqlite:" + file);
    }

    /** {@code $XDG_DATA_HOME/drydock/drydock.db}, where XDG_DATA_HOME defaults to {@code ~/.local/share}. */
    public static Path defaultPath(Map<String, String> env) {
        String xdg = env.get("XDG_DATA_HOME");
        // The XDG spec says a relative value is invalid and must be ignored.
        Path base = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()
                ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".local", "share");
        return base.resolve("drydock").resolve("drydock.db");
    }

    private static DataSource sqlite(String url) {
        SQLiteConfig config = new SQLiteConfig();
        // WAL lets readers go on while one writer writes; the web layer reads far more than it writes.
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.enforceForeignKeys(true);
        config.setBusyTimeout(SQLITE_BUSY_TIMEOUT_MS);
        // A deferred transaction that reads and then writes fails at once with SQLITE_BUSY when another
        // writer got there first (the busy timeout cannot help it); taking the write lock at BEGIN makes
        // concurrent writers queue on the busy timeout instead.
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        // NORMAL is durable across application crashes in WAL mode; only a power cut may lose the last commits.
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl(url);
        return ds;
    }

    /**
     * A pool of at most {@value #PG_POOL_SIZE} connections per process. Without a pool each request would
     * open a TCP connection, and a few web and worker processes could exhaust PostgreSQL's max_connections.
     */
    private static DataSource postgresql(String url, String user, String password) {
        PGSimpleDataSource pg = new PGSimpleDataSource();
        pg.setURL(url);
        if (user != null) pg.setUser(user);
        if (password != null) pg.setPassword(password);
        // An upload inserts a few hundred rows in batches; rewritten into multi-row INSERTs they take a few
        // round trips instead of one per row.
        pg.setReWriteBatchedInserts(true);
        HikariConfig config = new HikariConfig();
        config.setDataSource(pg);
        config.setMaximumPoolSize(PG_POOL_SIZE);
        config.setMinimumIdle(1);
        config.setPoolName("drydock");
        // Fail a start against an unreachable database at once, with the driver's own message.
        config.setInitializationFailTimeout(1);
        config.setConnectionTimeout(30_000);
        return new HikariDataSource(config);
    }

    static final int PG_POOL_SIZE = 16;

    /** Closes the connection pool (PostgreSQL); SQLite connections close with each handle. */
    @Override
    public void close() {
        if (dataSource instanceof HikariDataSource h) h.close();
    }

    private void migrate() {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .placeholders(Map.of("id_pk", dialect.idPrimaryKey()))
                // Checksums of applied migrations are verified on every start: an edited migration is an error.
                .validateOnMigrate(true)
                .load()
                .migrate();
    }

    /**
     * Runs several reads that must agree with each other (one page) on one snapshot. On PostgreSQL that
     * is a REPEATABLE READ transaction. On SQLite it is a DEFERRED transaction, which in WAL mode reads a
     * snapshot without taking the write lock: the IMMEDIATE mode every other transaction uses would make
     * page reads queue behind uploads and each other.
     */
    <R> R read(HandleCallback<R, RuntimeException> body) {
        return jdbi.withHandle(h -> {
            if (dialect == Dialect.SQLITE) {
                try {
                    // Per connection, and each handle has a connection of its own: no other caller is affected.
                    h.getConnection().unwrap(SQLiteConnection.class).getConnectionConfig()
                            .setTransactionMode(SQLiteConfig.TransactionMode.DEFERRED);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
                return h.inTransaction(body);
            }
            return h.inTransaction(TransactionIsolationLevel.REPEATABLE_READ, body);
        });
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public Dialect dialect() {
        return dialect;
    }

    /** The URL it was opened with, password included if the URL had one: never log it. */
    String url() {
        return url;
    }
}
