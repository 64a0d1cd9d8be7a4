package dev.drydock.vulndb.alpine;

import dev.drydock.catalog.Warnings;
import dev.drydock.match.OsvEvent;
import dev.drydock.model.FindingStatus;
import dev.drydock.vulndb.Namespaces;
import dev.drydock.vulndb.VulnDbBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Loads Alpine secdb documents (one per release and repository, e.g. {@code v3.19/main.json}) into a
 * database build. secdb lists only fixes, so it can say "fixed in" and "never affected", never "open".
 */
public final class AlpineSecdbImporter {
    public static final String SOURCE = "alpine-secdb";

    private final Warnings warnings;
    private int rows;
    private Instant newest;
    private final StringBuilder origins = new StringBuilder();

    public AlpineSecdbImporter(Warnings warnings) {
        this.warnings = warnings;
    }

    /** Loads one document; call {@link #finish} after the last. */
    public int load(Path input, VulnDbBuilder db) throws IOException {
        AlpineSecdb doc;
        try (InputStream in = Files.newInputStream(input)) {
            doc = new AlpineSecdbParser(AlpineSecdbLimits.DEFAULT, warnings).read(in);
        }
        int before = rows;
        for (AlpineSecfix fix : doc.fixes()) {
            String namespace = Namespaces.distro("alpine", fix.release());
            for (String id : fix.vulnerabilityIds()) {
                if (fix.notAffected()) {
                    db.affected(namespace, fix.packageName(), id, SOURCE, FindingStatus.NOT_AFFECTED, List.of(), List.of(), null, null);
                } else {
                    db.affected(namespace, fix.packageName(), id, SOURCE, FindingStatus.FIXED,
                            List.of(List.of(OsvEvent.introduced("0"), OsvEvent.fixed(fix.fixedVersion()))), List.of(), null, null);
                }
                rows++;
            }
        }
        Instant t = Files.getLastModifiedTime(input).toInstant();
        if (newest == null || t.isAfter(newest)) newest = t;
        if (!origins.isEmpty()) origins.append(", ");
        origins.append(input.getFileName());
        return rows - before;
    }

    public void finish(VulnDbBuilder db) {
        if (rows > 0 || !origins.isEmpty()) db.source(SOURCE, newest, rows, origins.toString());
    }
}
