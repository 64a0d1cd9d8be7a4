package dev.drydock.match;

/**
 * A version string the scheme cannot order. An {@link IllegalArgumentException} so callers that
 * match hostile data can catch it in one place, count it and turn it into a warning.
 */
public final class InvalidVersionException extends IllegalArgumentException {
    private final String scheme;
    private final String version;

    public InvalidVersionException(String scheme, String version, String reason) {
        super(scheme + " version \"" + shown(version) + "\" is invalid: " + reason);
        this.scheme = scheme;
        this.version = version;
    }

    public String scheme() {
        return scheme;
    }

    /** The offending input as given (may be long; the message shows a shortened copy). */
    public String version() {
        return version;
    }

    // Messages end up in warnings and logs: never echo a megabyte of attacker data.
    private static String shown(String v) {
        if (v == null) return "null";
        return v.length() <= 64 ? v : v.substring(0, 64) + "…(" + v.length() + " chars)";
    }
}
