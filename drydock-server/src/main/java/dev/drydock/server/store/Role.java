package dev.drydock.server.store;

import java.util.Locale;

/** What a token may do: read, upload scans (ci), triage, or everything (admin). */
public enum Role {
    VIEWER, CI, TRIAGER, ADMIN;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role parse(String s) {
        for (Role r : values()) if (r.id().equals(s)) return r;
        throw new IllegalArgumentException("role must be one of viewer, ci, triager, admin");
    }
}
