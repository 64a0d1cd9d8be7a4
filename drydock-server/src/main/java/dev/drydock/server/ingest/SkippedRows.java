package dev.drydock.server.ingest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rows or entries an importer left out, counted by reason, with a few row numbers per reason as examples so the
 * user can find them. Malformed rows do not fail the whole import.
 */
public final class SkippedRows {
    private final Map<String, Integer> counts = new LinkedHashMap<>();
    private final Map<String, List<String>> examples = new LinkedHashMap<>();

    void add(String reason, String where) {
        counts.merge(reason, 1, Integer::sum);
        List<String> ex = examples.computeIfAbsent(reason, r -> new ArrayList<>());
        if (where != null && ex.size() < ImportLimits.MAX_EXAMPLES_PER_REASON) ex.add(where);
    }

    public int total() {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    public Map<String, Integer> counts() {
        return Collections.unmodifiableMap(counts);
    }

    public List<String> examples(String reason) {
        return List.copyOf(examples.getOrDefault(reason, List.of()));
    }

    /** One line per reason: {@code 3 rows skipped: no vulnerability id (rows 4, 9, 12)}. */
    public List<String> summary() {
        List<String> lines = new ArrayList<>();
        counts.forEach((reason, n) -> {
            List<String> ex = examples.getOrDefault(reason, List.of());
            lines.add(n + " skipped: " + reason + (ex.isEmpty() ? "" : " (" + String.join(", ", ex) + (n > ex.size() ? ", …" : "") + ")"));
        });
        return lines;
    }
}
