package dev.drydock.vulndb.kev;

import dev.drydock.catalog.Warnings;
import dev.drydock.vulndb.VulnDbBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loads CISA's Known Exploited Vulnerabilities catalog (JSON, gzip or not) into a database build. */
public final class KevImporter {
    public static final String SOURCE = "kev";

    private final Warnings warnings;

    public KevImporter(Warnings warnings) {
        this.warnings = warnings;
    }

    public int load(Path input, VulnDbBuilder db) throws IOException {
        KevReadSummary summary;
        try (InputStream in = Files.newInputStream(input)) {
            summary = new KevParser(KevLimits.DEFAULT, warnings).read(in, e -> db.kev(e.cveId(), e.dateAdded(), e.dueDate(),
                    e.ransomwareUse() == KevRansomwareUse.KNOWN, e.vulnerabilityName()));
        }
        var released = summary.catalog() == null ? null : summary.catalog().dateReleased();
        db.source(SOURCE, released != null ? released : Files.getLastModifiedTime(input).toInstant(), summary.records(),
                input.getFileName().toString());
        return summary.records();
    }
}
