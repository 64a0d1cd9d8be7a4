package dev.drydock.vulndb.debian;

/** What one read produced: packages read, records handed on, and packages or entries skipped with a warning. */
public record DebianTrackerSummary(int packages, int records, int skipped) {
}
