package dev.drydock.server.store;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Store#refreshStatistics gives PostgreSQL's planner statistics for the big tables even where autovacuum
 * is off (as on the machines the tests run on): without them, a lookup of a hundred attributions by id
 * was planned as a scan of the whole table.
 */
class StatisticsTest {
    @Test
    void postgresqlTablesAreAnalysed() {
        try (TestDatabase t = TestDatabase.open(Backend.POSTGRESQL)) {
            // reltuples is -1 until a table is first analysed (PostgreSQL 14 and later), and ANALYZE sets it in
            // its own transaction: unlike the statistics views, no lag behind the command.
            String analysed = """
                    SELECT COUNT(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname = current_schema() AND c.relname IN ('finding', 'attribution', 'finding_event', 'package')
                      AND c.reltuples >= 0
                    """;
            int before = t.db.jdbi().withHandle(h -> h.createQuery(analysed).mapTo(Integer.class).one());
            assertThat(before).isZero();
            new Store(t.db).refreshStatistics();
            int after = t.db.jdbi().withHandle(h -> h.createQuery(analysed).mapTo(Integer.class).one());
            assertThat(after).isEqualTo(4);
        }
    }
}
