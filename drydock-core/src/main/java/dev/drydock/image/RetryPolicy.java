package dev.drydock.image;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often and how patiently a registry request is repeated after a transient failure
 * (HTTP 429, 5xx, connection reset, timeout).
 *
 * @param maxAttempts   total tries, including the first
 * @param initialDelay  wait before the second try; doubles per try
 * @param maxDelay      cap on the exponential wait
 * @param maxRetryAfter longest {@code Retry-After} we are willing to wait; a registry asking for more
 *                      gets a clear "rate limited" error instead of a silent hang
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, Duration maxDelay, Duration maxRetryAfter) {
    public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofMillis(500), Duration.ofSeconds(8), Duration.ofSeconds(60));

    /** One try, no waiting: for callers that retry at a higher level. */
    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO);

    public RetryPolicy {
        if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be at least 1");
        if (initialDelay.isNegative() || maxDelay.isNegative() || maxRetryAfter.isNegative()) {
            throw new IllegalArgumentException("retry delays must not be negative");
        }
    }

    /**
     * Wait before try number {@code nextAttempt} (2 for the first retry). Jittered between half and
     * all of the exponential delay, so that many clients hit by the same outage do not retry in lockstep.
     */
    public Duration backoff(int nextAttempt) {
        long base = initialDelay.toMillis();
        int shift = Math.min(30, Math.max(0, nextAttempt - 2));
        long exp = Math.min(maxDelay.toMillis(), base << shift);
        if (exp <= 0) return Duration.ZERO;
        long half = exp / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(exp - half + 1));
    }

    /** Waits {@code d} before the next attempt; an interrupt ends the retries with a one-line error naming {@code what}. */
    public static void pause(java.time.Duration d, String what) {
        if (d.isZero() || d.isNegative()) return;
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BadInputException("interrupted while waiting to retry " + what, e);
        }
    }
}
