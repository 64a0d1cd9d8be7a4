package dev.drydock.server.store;

import java.util.Locale;

/**
 * The image list's sort orders. Each maps to a fixed ORDER BY written here: the user's word only
 * selects one of them, and never reaches the SQL.
 */
public enum ImageSort {
    /** Worst first: KEV findings, then criticals, highs, mediums, lows. */
    RISK("i.kev_count DESC, i.critical_count DESC, i.high_count DESC, i.medium_count DESC, i.low_count DESC, i.last_seen DESC, i.digest"),
    /** Most recently seen first. */
    LAST_SEEN("i.last_seen DESC, i.digest"),
    /** By the name last seen, images without a name last. */
    NAME("CASE WHEN i.primary_name IS NULL THEN 1 ELSE 0 END, i.primary_name, i.digest");

    private final String orderBy;

    ImageSort(String orderBy) {
        this.orderBy = orderBy;
    }

    String orderBy() {
        return orderBy;
    }

    /** {@code risk}, {@code last_seen} (or {@code last-seen}), {@code name}; IllegalArgumentException otherwise. */
    public static ImageSort parse(String s) {
        if (s != null) {
            String w = s.toLowerCase(Locale.ROOT).replace('-', '_');
            for (ImageSort v : values()) if (v.name().toLowerCase(Locale.ROOT).equals(w)) return v;
        }
        throw new IllegalArgumentException("sort must be one of risk, last_seen, name");
    }
}
