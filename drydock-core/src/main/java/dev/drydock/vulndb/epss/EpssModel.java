package dev.drydock.vulndb.epss;

import java.time.Instant;

/**
 * The file's {@code #model_version:…,score_date:…} line. Scores from different model versions are not
 * comparable, so the version travels with them.
 *
 * @param version   e.g. "v2023.03.01"; null when the file has no model line
 * @param scoreDate null when the line lacks it or it is unreadable
 */
public record EpssModel(String version, Instant scoreDate) {
}
