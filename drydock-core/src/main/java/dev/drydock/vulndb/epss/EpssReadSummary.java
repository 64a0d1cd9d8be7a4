package dev.drydock.vulndb.epss;

/** What one file held: its model line, rows handed to the sink, rows skipped with a warning. */
public record EpssReadSummary(EpssModel model, int records, int skipped) {
}
