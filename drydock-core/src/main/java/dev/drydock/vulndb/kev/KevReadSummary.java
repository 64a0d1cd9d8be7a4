package dev.drydock.vulndb.kev;

/** What one catalog held: its header, entries handed to the sink, entries skipped with a warning. */
public record KevReadSummary(KevCatalogInfo catalog, int records, int skipped) {
}
