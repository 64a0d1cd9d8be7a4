package dev.drydock.server.store;

import dev.drydock.model.Severity;

/**
 * The triage queue's filters, sort and page. Null filters do not filter.
 *
 * @param state       {@code open} (the default: items with a finding no live decision covers), {@code all}, or one state
 * @param repository  exact repository
 * @param minSeverity at least this severe
 * @param kevOnly     only vulnerabilities in CISA's KEV catalog
 * @param assignee    exact assignee
 */
public record TriageQuery(String state, String repository, Severity minSeverity, boolean kevOnly, String assignee,
                          TriageSort sort, int limit, int offset) {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;
    public static final int MAX_OFFSET = 100_000;
    public static final String OPEN = "open";
    public static final String ALL = "all";

    public TriageQuery {
        if (state == null || state.isBlank()) state = OPEN;
        if (!state.equals(OPEN) && !state.equals(ALL)) state = TriageState.parse(state).id();
        if (sort == null) sort = TriageSort.PRIORITY;
        limit = Math.max(1, Math.min(MAX_LIMIT, limit));
        offset = Math.max(0, Math.min(MAX_OFFSET, offset));
        if (repository != null && repository.isEmpty()) repository = null;
        if (assignee != null && assignee.isEmpty()) assignee = null;
    }

    public static TriageQuery open() {
        return new TriageQuery(OPEN, null, null, false, null, TriageSort.PRIORITY, DEFAULT_LIMIT, 0);
    }

    public TriageQuery withState(String s) {
        return new TriageQuery(s, repository, minSeverity, kevOnly, assignee, sort, limit, offset);
    }

    public TriageQuery withRepository(String r) {
        return new TriageQuery(state, r, minSeverity, kevOnly, assignee, sort, limit, offset);
    }

    public TriageQuery withMinSeverity(Severity s) {
        return new TriageQuery(state, repository, s, kevOnly, assignee, sort, limit, offset);
    }

    public TriageQuery withKevOnly(boolean k) {
        return new TriageQuery(state, repository, minSeverity, k, assignee, sort, limit, offset);
    }

    public TriageQuery withAssignee(String a) {
        return new TriageQuery(state, repository, minSeverity, kevOnly, a, sort, limit, offset);
    }

    public TriageQuery withSort(TriageSort s) {
        return new TriageQuery(state, repository, minSeverity, kevOnly, assignee, s, limit, offset);
    }

    public TriageQuery withPage(int l, int o) {
        return new TriageQuery(state, repository, minSeverity, kevOnly, assignee, sort, l, o);
    }
}
