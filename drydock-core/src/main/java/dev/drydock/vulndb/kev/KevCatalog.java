package dev.drydock.vulndb.kev;

import java.util.List;

/** A whole catalog in memory; fine for KEV, whose real size is about 1,400 entries. */
public record KevCatalog(KevCatalogInfo info, List<KevEntry> entries) {
    public KevCatalog {
        entries = List.copyOf(entries);
    }
}
