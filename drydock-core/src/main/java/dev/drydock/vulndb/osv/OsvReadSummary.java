package dev.drydock.vulndb.osv;

/** What one directory or zip read produced: records handed on, and entries skipped with a warning. */
public record OsvReadSummary(int records, int skipped) {
}
