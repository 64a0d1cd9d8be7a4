package dev.drydock.server.store;

import java.time.Instant;
import java.util.Map;

/** A stored scan. {@code startedAt} is the scanner's own clock; {@code receivedAt} is this server's. */
public record ScanRow(long id, String scanner, String scannerVersion, Instant dbBuiltAt, Stage stage,
                      Map<String, String> context, Instant startedAt, Instant finishedAt, Instant receivedAt,
                      int findingCount, boolean gateFailed) {
    public ScanRow {
        context = Map.copyOf(context);
    }
}
