package dev.drydock.match;

import java.util.Objects;

/** One event of an OSV range: {@code introduced}, {@code fixed}, {@code last_affected} or {@code limit}. */
public record OsvEvent(Kind kind, String version) {
    public enum Kind { INTRODUCED, FIXED, LAST_AFFECTED, LIMIT }

    public OsvEvent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(version, "version");
    }

    public static OsvEvent introduced(String v) {
        return new OsvEvent(Kind.INTRODUCED, v);
    }

    public static OsvEvent fixed(String v) {
        return new OsvEvent(Kind.FIXED, v);
    }

    public static OsvEvent lastAffected(String v) {
        return new OsvEvent(Kind.LAST_AFFECTED, v);
    }

    public static OsvEvent limit(String v) {
        return new OsvEvent(Kind.LIMIT, v);
    }

    /** OSV's "0" means "before every version", which not every scheme can parse as a version. */
    boolean isZero() {
        return kind == Kind.INTRODUCED && version.equals("0");
    }
}
