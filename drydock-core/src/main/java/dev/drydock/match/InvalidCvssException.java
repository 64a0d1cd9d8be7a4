package dev.drydock.match;

/**
 * A CVSS vector string drydock cannot read: unknown version or metric, a value the specification does
 * not define, a duplicated or missing base metric, or plain garbage. An {@link IllegalArgumentException}
 * so callers reading hostile feed data can catch it in one place and turn it into a warning.
 */
public final class InvalidCvssException extends IllegalArgumentException {
    private final String vector;

    public InvalidCvssException(String vector, String reason) {
        super("CVSS vector \"" + shown(vector) + "\" is invalid: " + reason);
        this.vector = vector;
    }

    /** The offending input as given (may be long; the message shows a shortened copy). */
    public String vector() {
        return vector;
    }

    // Messages end up in warnings and logs: never echo a megabyte of attacker data.
    static String shown(String v) {
        if (v == null) return "null";
        String head = v.length() <= 80 ? v : v.substring(0, 80);
        // Control characters could forge log lines or terminal escapes.
        head = head.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return v.length() <= 80 ? head : head + "…(" + v.length() + " chars)";
    }
}
