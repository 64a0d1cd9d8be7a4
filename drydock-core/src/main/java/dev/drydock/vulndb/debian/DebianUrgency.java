package dev.drydock.vulndb.debian;

import java.util.Locale;

/**
 * The tracker's urgency: Debian's own severity for one package in one release. The tracker may append
 * asterisks to a level (e.g. {@code high**}); the level is read without them and the raw text kept in
 * {@link DebianTrackerRecord#urgencyText()}.
 */
public enum DebianUrgency {
    UNIMPORTANT, LOW, MEDIUM, HIGH, NOT_YET_ASSIGNED, END_OF_LIFE,
    /** Absent, or a value this reader does not know; never guessed upward or downward. */
    UNKNOWN;

    static DebianUrgency of(String text) {
        if (text == null) return UNKNOWN;
        String level = text.strip();
        int end = level.length();
        while (end > 0 && level.charAt(end - 1) == '*') end--;
        return switch (level.substring(0, end).strip().toLowerCase(Locale.ROOT)) {
            case "unimportant" -> UNIMPORTANT;
            case "low" -> LOW;
            case "medium" -> MEDIUM;
            case "high" -> HIGH;
            case "not yet assigned" -> NOT_YET_ASSIGNED;
            case "end-of-life" -> END_OF_LIFE;
            default -> UNKNOWN;
        };
    }
}
