package dev.drydock.server.store;

import org.jdbi.v3.core.Jdbi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Reads whole tables for tests that compare the database before and after (public: the re-match tests use it too). */
public final class Tables {
    public static final List<String> ALL = List.of("image", "image_layer", "image_name", "image_stage", "scan", "package",
            "vulnerability", "finding", "attribution", "finding_event", "triage", "workload", "registry", "job",
            "audit_log", "api_token", "server_state");

    private Tables() {
    }

    /** Every row of every table as sorted text, leaving out the given columns. */
    public static Map<String, List<String>> snapshot(Jdbi jdbi, Set<String> ignoredColumns) {
        Map<String, List<String>> out = new TreeMap<>();
        jdbi.useHandle(h -> {
            for (String t : ALL) {
                List<String> rows = new ArrayList<>();
                for (Map<String, Object> row : h.createQuery("SELECT * FROM " + t).mapToMap().list()) {
                    Map<String, Object> kept = new TreeMap<>(row);
                    kept.keySet().removeAll(ignoredColumns);
                    rows.add(kept.toString());
                }
                rows.sort(null);
                out.put(t, rows);
            }
        });
        return out;
    }

    public static long count(Jdbi jdbi, String table) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM " + table).mapTo(Long.class).one());
    }
}
