package dev.drydock.server.store;

import dev.drydock.model.Severity;

/** Active findings by severity; {@code other} is negligible and unknown together. */
public record SeverityCounts(int critical, int high, int medium, int low, int other) {
    public static final SeverityCounts NONE = new SeverityCounts(0, 0, 0, 0, 0);

    public int total() {
        return critical + high + medium + low + other;
    }

    SeverityCounts plus(Severity s, int n) {
        return switch (s) {
            case CRITICAL -> new SeverityCounts(critical + n, high, medium, low, other);
            case HIGH -> new SeverityCounts(critical, high + n, medium, low, other);
            case MEDIUM -> new SeverityCounts(critical, high, medium + n, low, other);
            case LOW -> new SeverityCounts(critical, high, medium, low + n, other);
            case NEGLIGIBLE, UNKNOWN -> new SeverityCounts(critical, high, medium, low, other + n);
        };
    }
}
