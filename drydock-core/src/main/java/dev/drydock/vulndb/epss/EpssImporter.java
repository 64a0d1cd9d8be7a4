package dev.drydock.vulndb.epss;

import dev.drydock.catalog.Warnings;
import dev.drydock.vulndb.VulnDbBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loads FIRST's daily EPSS CSV (gzip or not) into a database build. */
public final class EpssImporter {
    public static final String SOURCE = "epss";

    private final Warnings warnings;

    public EpssImporter(Warnings warnings) {
        this.warnings = warnings;
    }

    public int load(Path input, VulnDbBuilder db) throws IOException {
        EpssReadSummary summary;
        try (InputStream in = Files.newInputStream(input)) {
            summary = new EpssParser(EpssLimits.DEFAULT, warnings).read(in, s -> db.epss(s.cve(), s.epss(), s.percentile()));
        }
        var date = summary.model() == null ? null : summary.model().scoreDate();
        db.source(SOURCE, date != null ? date : Files.getLastModifiedTime(input).toInstant(), summary.records(),
                input.getFileName().toString() + (summary.model() != null && summary.model().version() != null
                        ? " (model " + summary.model().version() + ")" : ""));
        return summary.records();
    }
}
