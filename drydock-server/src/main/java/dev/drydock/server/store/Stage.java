package dev.drydock.server.store;

import java.util.Locale;

/** Where in an image's life a scan or a sighting happened. */
public enum Stage {
    CI, REGISTRY, RUNTIME, MANUAL;

    /** The lower-case word stored and shown ({@code ci}). */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the stored or user-given word; throws IllegalArgumentException for anything else. */
    public static Stage parse(String s) {
        for (Stage st : values()) if (st.id().equals(s)) return st;
        throw new IllegalArgumentException("stage must be one of ci, registry, runtime, manual");
    }
}
