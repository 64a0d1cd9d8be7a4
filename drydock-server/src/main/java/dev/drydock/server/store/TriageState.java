package dev.drydock.server.store;

import java.util.Locale;

/** Where a triage decision stands. The ids are the words of the API and the database. */
public enum TriageState {
    NEW, IN_TRIAGE, EXPLOITABLE, NOT_AFFECTED, FALSE_POSITIVE, RISK_ACCEPTED, FIXED;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether a live decision in this state takes its findings out of the open queue and marks them triaged. */
    public boolean suppresses() {
        return this == NOT_AFFECTED || this == FALSE_POSITIVE || this == RISK_ACCEPTED;
    }

    /** {@code new}, {@code in_triage} (or {@code in-triage}), …; IllegalArgumentException otherwise. */
    public static TriageState parse(String s) {
        if (s != null) {
            String w = s.strip().toLowerCase(Locale.ROOT).replace('-', '_');
            for (TriageState v : values()) if (v.id().equals(w)) return v;
        }
        throw new IllegalArgumentException("state must be one of new, in_triage, exploitable, not_affected, false_positive, risk_accepted, fixed");
    }

    /** The suppressing states as an SQL list of literals (fixed words, never user input). */
    static String suppressingSql() {
        return "('not_affected', 'false_positive', 'risk_accepted')";
    }
}
