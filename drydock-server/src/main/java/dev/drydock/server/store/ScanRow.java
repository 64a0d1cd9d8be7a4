package dev.drydock.server.store;

import java.time.Instant;
import java.util.Map;

/**
 * A stored scan. {@code startedAt} is the scanner's own clock; {@code receivedAt} is this server's.
 * {@code origin} is {@code upload} (a scanner sent it) or {@code rematch} (the server matched the stored
 * packages against a newer database; stage {@code manual}, no gate).
 */
public record ScanRow(long id, String scanner, String scannerVersion, Instant dbBuiltAt, Stage stage,
                      Map<String, String> context, Instant startedAt, Instant finishedAt, Instant receivedAt,
                      int findingCount, boolean gateFailed, String origin) {
    public ScanRow {
        context = Map.copyOf(context);
    }
}
