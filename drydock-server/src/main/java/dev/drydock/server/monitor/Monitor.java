package dev.drydock.server.monitor;

import java.time.Instant;

/**
 * A configured ingestion monitor and the outcome of its last check.
 *
 * @param countUrl  polled for the downstream count when set; otherwise the last pushed count is used
 * @param countField a JSON pointer into the count_url answer, such as {@code /count}
 */
public record Monitor(long id, String name, String scanner, String repository, String countUrl, String countField,
                      double thresholdPct, String webhookUrl, Long reportedCount, Instant reportedAt,
                      Long lastExpected, Long lastReported, Double lastDriftPct, Instant lastCheckedAt,
                      String lastError, Instant alertOpenSince, Instant createdAt) {

    public boolean alertOpen() {
        return alertOpenSince != null;
    }
}
