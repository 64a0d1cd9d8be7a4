package dev.drydock.server.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ParameterizedClass
@EnumSource(Backend.class)
class MigrationTest {
    @Parameter
    Backend backend;
    TestDatabase t;

    @BeforeEach
    void open() {
        t = TestDatabase.open(backend);
    }

    @AfterEach
    void close() {
        t.close();
    }

    @Test
    void migratesAnEmptyDatabaseToEveryTable() {
        for (String table : Tables.ALL) assertThat(Tables.count(t.db.jdbi(), table)).as(table).isZero();
        int version = t.db.jdbi().withHandle(h -> h.createQuery(
                "SELECT MAX(CAST(version AS INTEGER)) FROM flyway_schema_history WHERE success = " + (backend == Backend.SQLITE ? "1" : "true"))
                .mapTo(Integer.class).one());
        assertThat(version).isEqualTo(latestMigration());
    }

    static long migrationFiles() {
        try (var files = Files.list(Path.of(MigrationTest.class.getResource("/db/migration").toURI()))) {
            return files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql")).count();
        } catch (java.io.IOException | java.net.URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    /** The highest V&lt;n&gt;__ migration shipped: the database must be on it after opening. */
    static int latestMigration() {
        try (var files = Files.list(Path.of(MigrationTest.class.getResource("/db/migration").toURI()))) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.matches("V\\d+__.*\\.sql"))
                    .mapToInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__")))).max().orElseThrow();
        } catch (java.io.IOException | java.net.URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void reopeningAMigratedDatabaseAppliesNothingAndKeepsData() {
        new Store(t.db).recordScan(Reports.upload(Reports.all()));
        Database again = t.reopen();
        assertThat(Tables.count(again.jdbi(), "finding")).isEqualTo(4);
        long applied = again.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM flyway_schema_history").mapTo(Long.class).one());
        assertThat(applied).isEqualTo(migrationFiles());
    }

    @Test
    void sqliteRunsInWalModeWithForeignKeys() {
        if (backend != Backend.SQLITE) return;
        t.db.jdbi().useHandle(h -> {
            assertThat(h.createQuery("PRAGMA journal_mode").mapTo(String.class).one()).isEqualToIgnoringCase("wal");
            assertThat(h.createQuery("PRAGMA foreign_keys").mapTo(Integer.class).one()).isEqualTo(1);
            assertThat(h.createQuery("PRAGMA busy_timeout").mapTo(Integer.class).one()).isEqualTo(Database.SQLITE_BUSY_TIMEOUT_MS);
        });
    }

    @Test
    void foreignKeysAreEnforced() {
        assertThatThrownBy(() -> t.db.jdbi().useHandle(h -> h.execute(
                "INSERT INTO image_layer (image_digest, idx) VALUES ('sha256:none', 0)")))
                .hasMessageContaining("oreign");
    }

    @Test
    void defaultFileFollowsXdgDataHome() {
        assertThat(Database.defaultPath(Map.of("XDG_DATA_HOME", "/srv/data")))
                .isEqualTo(Path.of("/srv/data/drydock/drydock.db"));
        assertThat(Database.defaultPath(Map.of()))
                .isEqualTo(Path.of(System.getProperty("user.home"), ".local/share/drydock/drydock.db"));
        assertThat(Database.defaultPath(Map.of("XDG_DATA_HOME", "relative/dir")))
                .as("a relative XDG_DATA_HOME is invalid and ignored")
                .isEqualTo(Path.of(System.getProperty("user.home"), ".local/share/drydock/drydock.db"));
    }

    @Test
    void theDefaultDatabaseIsCreatedUnderXdgDataHome(@org.junit.jupiter.api.io.TempDir Path home) {
        if (backend != Backend.SQLITE) return;
        Database db = Database.openDefault(Map.of("XDG_DATA_HOME", home.toString()));
        assertThat(db.dialect()).isEqualTo(Dialect.SQLITE);
        assertThat(home.resolve("drydock/drydock.db")).isRegularFile();
        assertThat(Tables.count(db.jdbi(), "image")).isZero();
    }

    @Test
    void refusesOtherDatabases() {
        assertThatThrownBy(() -> Database.open("jdbc:mysql://localhost/x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unsupported database URL");
    }
}
