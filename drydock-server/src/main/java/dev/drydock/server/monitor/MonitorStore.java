package dev.drydock.server.monitor;

import dev.drydock.server.store.Database;
import org.jdbi.v3.core.Jdbi;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The ingestion monitors and their check history (tables of migration V11). */
public final class MonitorStore {
    static final int MAX_ERROR = 1_000;

    /** What a new monitor is made of; validated by the caller. */
    public record NewMonitor(String name, String scanner, String repository, String countUrl, String countField,
                             double thresholdPct, String webhookUrl) {
    }

    /** One check of the history. */
    public record Check(long id, Instant at, Long expected, Long reported, Double driftPct, boolean alerted, String error) {
    }

    private final Jdbi jdbi;
    private final Clock clock;

    public MonitorStore(Database db, Clock clock) {
        this.jdbi = db.jdbi();
        this.clock = clock;
    }

    Clock clock() {
        return clock;
    }

    /** Empty when a monitor with this name exists already. */
    public Optional<Monitor> add(NewMonitor m) {
        Optional<Long> id = jdbi.withHandle(h -> h.createQuery("""
                        INSERT INTO ingestion_monitor (name, scanner, repository, count_url, count_field, threshold_pct, webhook_url, created_at)
                        VALUES (:name, :scanner, :repository, :url, :field, :threshold, :webhook, :now)
                        ON CONFLICT (name) DO NOTHING RETURNING id
                        """)
                .bind("name", m.name()).bind("scanner", m.scanner()).bind("repository", m.repository())
                .bind("url", m.countUrl()).bind("field", m.countField()).bind("threshold", m.thresholdPct())
                .bind("webhook", m.webhookUrl()).bind("now", clock.millis())
                .mapTo(Long.class).findOne());
        return id.flatMap(this::get);
    }

    public List<Monitor> list() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM ingestion_monitor ORDER BY id").map((rs, ctx) -> row(rs)).list());
    }

    /** The monitors whose alert is open, longest open first: the dashboard banner. */
    public List<Monitor> openAlerts() {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT * FROM ingestion_monitor WHERE alert_open_since IS NOT NULL ORDER BY alert_open_since, id")
                .map((rs, ctx) -> row(rs)).list());
    }

    public Optional<Monitor> get(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM ingestion_monitor WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> row(rs)).findOne());
    }

    public boolean delete(long id) {
        return jdbi.inTransaction(h -> {
            h.createUpdate("DELETE FROM ingestion_check WHERE monitor_id = :id").bind("id", id).execute();
            return h.createUpdate("DELETE FROM ingestion_monitor WHERE id = :id").bind("id", id).execute() > 0;
        });
    }

    /** The count a downstream import pipeline pushed; false when the monitor is gone. */
    public boolean reported(long id, long count) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE ingestion_monitor SET reported_count = :c, reported_at = :now WHERE id = :id")
                .bind("id", id).bind("c", count).bind("now", clock.millis()).execute()) > 0;
    }

    /**
     * The active findings drydock holds for the scope: every image, or those named in {@code repository}
     * (given as the repository alone, {@code library/nginx}, or with its registry, {@code docker.io/library/nginx}).
     */
    public long expected(String repository) {
        if (repository == null) {
            return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM finding WHERE active = 1").mapTo(Long.class).one());
        }
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT COUNT(*) FROM finding f WHERE f.active = 1 AND f.image_digest IN (
                            SELECT n.digest FROM image_name n
                            WHERE n.repository = :repo OR n.registry || '/' || n.repository = :repo)
                        """)
                .bind("repo", repository).mapTo(Long.class).one());
    }

    /**
     * The count fed by import: the findings of the scope that the monitor's scanner reports in its latest
     * imported reports (its live attributions). Empty when that scanner never reported anything in the scope.
     */
    public java.util.Optional<Long> imported(String scanner, String repository) {
        String scope = repository == null ? "" : " AND f.image_digest IN (SELECT n.digest FROM image_name n"
                + " WHERE n.repository = :repo OR n.registry || '/' || n.repository = :repo)";
        return jdbi.withHandle(h -> {
            var q = h.createQuery("SELECT COUNT(DISTINCT CASE WHEN a.deleted_at IS NULL THEN a.finding_id END) AS live, COUNT(*) AS ever"
                    + " FROM attribution a JOIN finding f ON f.id = a.finding_id WHERE a.scanner = :scanner" + scope).bind("scanner", scanner);
            if (repository != null) q.bind("repo", repository);
            return q.map((rs, ctx) -> rs.getLong("ever") == 0 ? java.util.Optional.<Long>empty() : java.util.Optional.of(rs.getLong("live"))).one();
        });
    }

    /** A failed check: kept in the history and on the monitor; the alert state is left as it was. */
    void checkFailed(long id, Long expected, String error) {
        long now = clock.millis();
        String e = error.length() > MAX_ERROR ? error.substring(0, MAX_ERROR) : error;
        jdbi.useTransaction(h -> {
            h.createUpdate("UPDATE ingestion_monitor SET last_checked_at = :now, last_error = :e WHERE id = :id")
                    .bind("id", id).bind("now", now).bind("e", e).execute();
            h.createUpdate("INSERT INTO ingestion_check (monitor_id, at, expected, alerted, error) VALUES (:id, :now, :exp, 0, :e)")
                    .bind("id", id).bind("now", now).bind("exp", expected).bind("e", e).execute();
        });
    }

    /**
     * A successful check. Opens the alert when {@code over} and none is open, closes it when not {@code over};
     * returns +1 when this call opened it, -1 when it closed it, 0 when the alert state did not change (so a
     * retried or concurrent check never posts the same alert twice).
     */
    int checked(long id, long expected, long reported, double driftPct, boolean over) {
        long now = clock.millis();
        return jdbi.inTransaction(h -> {
            int change = 0;
            if (over) {
                if (h.createUpdate("UPDATE ingestion_monitor SET alert_open_since = :now WHERE id = :id AND alert_open_since IS NULL")
                        .bind("id", id).bind("now", now).execute() > 0) change = 1;
            } else if (h.createUpdate("UPDATE ingestion_monitor SET alert_open_since = NULL WHERE id = :id AND alert_open_since IS NOT NULL")
                    .bind("id", id).execute() > 0) {
                change = -1;
            }
            h.createUpdate("""
                            UPDATE ingestion_monitor SET last_expected = :exp, last_reported = :rep, last_drift_pct = :drift,
                                last_checked_at = :now, last_error = NULL WHERE id = :id
                            """)
                    .bind("id", id).bind("exp", expected).bind("rep", reported).bind("drift", driftPct).bind("now", now).execute();
            h.createUpdate("""
                            INSERT INTO ingestion_check (monitor_id, at, expected, reported, drift_pct, alerted)
                            VALUES (:id, :now, :exp, :rep, :drift, :alerted)
                            """)
                    .bind("id", id).bind("now", now).bind("exp", expected).bind("rep", reported).bind("drift", driftPct)
                    .bind("alerted", change == 1 ? 1 : 0).execute();
            return change;
        });
    }

    /** The latest checks of a monitor, newest first. */
    public List<Check> checks(long id, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM ingestion_check WHERE monitor_id = :id ORDER BY id DESC LIMIT :limit")
                .bind("id", id).bind("limit", limit)
                .map((rs, ctx) -> new Check(rs.getLong("id"), instant(rs, "at"), longOrNull(rs, "expected"),
                        longOrNull(rs, "reported"), dblOrNull(rs, "drift_pct"), rs.getInt("alerted") == 1, rs.getString("error")))
                .list());
    }

    private static Monitor row(ResultSet rs) throws SQLException {
        return new Monitor(rs.getLong("id"), rs.getString("name"), rs.getString("scanner"), rs.getString("repository"),
                rs.getString("count_url"), rs.getString("count_field"), rs.getDouble("threshold_pct"), rs.getString("webhook_url"),
                longOrNull(rs, "reported_count"), instant(rs, "reported_at"), longOrNull(rs, "last_expected"),
                longOrNull(rs, "last_reported"), dblOrNull(rs, "last_drift_pct"), instant(rs, "last_checked_at"),
                rs.getString("last_error"), instant(rs, "alert_open_since"), instant(rs, "created_at"));
    }

    private static Long longOrNull(ResultSet rs, String c) throws SQLException {
        long v = rs.getLong(c);
        return rs.wasNull() ? null : v;
    }

    private static Double dblOrNull(ResultSet rs, String c) throws SQLException {
        double v = rs.getDouble(c);
        return rs.wasNull() ? null : v;
    }

    private static Instant instant(ResultSet rs, String c) throws SQLException {
        Long v = longOrNull(rs, c);
        return v == null ? null : Instant.ofEpochMilli(v);
    }
}
