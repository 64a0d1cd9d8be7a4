package dev.drydock.server.store;

import java.util.Locale;

/** The triage queue's orders; each maps to a fixed ORDER BY, the user's word never reaches the SQL. */
public enum TriageSort {
    /** Severity, then KEV, EPSS, whether a fix exists, and how many images carry it. */
    PRIORITY("q.severity_rank DESC, q.kev DESC, COALESCE(q.epss, -1) DESC, q.fix_available DESC, q.images DESC"),
    /** Most images first. */
    IMAGES("q.images DESC, q.severity_rank DESC, q.kev DESC, COALESCE(q.epss, -1) DESC"),
    /** Highest EPSS first. */
    EPSS("COALESCE(q.epss, -1) DESC, q.severity_rank DESC, q.kev DESC, q.images DESC");

    private final String orderBy;

    TriageSort(String orderBy) {
        this.orderBy = orderBy;
    }

    /** With the item's identity last, so that pages are stable. */
    String orderBy() {
        return orderBy + ", q.repository, q.package_name, q.vuln_id";
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TriageSort parse(String s) {
        if (s != null) {
            String w = s.strip().toLowerCase(Locale.ROOT);
            for (TriageSort v : values()) if (v.id().equals(w)) return v;
        }
        throw new IllegalArgumentException("sort must be one of priority, images, epss");
    }
}
