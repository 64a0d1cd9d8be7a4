package dev.drydock.catalog.java;

import java.io.IOException;

/**
 * Counts the uncompressed bytes read out of archive entries, at every nesting level of one outermost
 * archive, and stops reading once the budget is spent: the defence against decompression bombs.
 * Bytes of the outermost archive itself are not counted (the image layer bounds them), nor are
 * entries stepped over without inflating them.
 */
final class InflationBudget {
    private final long limit;
    private long used;
    private boolean exceeded;

    InflationBudget(long limit) {
        this.limit = limit;
    }

    long limit() {
        return limit;
    }

    /** Whether reading stopped because the budget was spent. */
    boolean exceeded() {
        return exceeded;
    }

    /** Records {@code n} more bytes; throws once the total passes the limit, and again on every later call. */
    void charge(long n) throws InflationLimitException {
        if (exceeded) throw new InflationLimitException(limit);
        used += n;
        if (used > limit) {
            exceeded = true;
            throw new InflationLimitException(limit);
        }
    }

    /** The budget is spent; remembered in the budget too, as a reader above may wrap or swallow it. */
    static final class InflationLimitException extends IOException {
        InflationLimitException(long limit) {
            super("more than " + limit + " uncompressed bytes");
        }
    }
}
