package dev.drydock.server.store;

import java.util.Locale;

/** Which of the two compared scanners reports a finding (live and not suppressed). */
public enum Presence {
    BOTH, ONLY_A, ONLY_B;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Presence parse(String s) {
        for (Presence p : values()) if (p.id().equals(s.strip().toLowerCase(Locale.ROOT))) return p;
        throw new IllegalArgumentException("presence must be one of both, only_a, only_b");
    }
}
