package dev.drydock.vulndb.debian;

import dev.drydock.catalog.Warnings;
import dev.drydock.match.OsvEvent;
import dev.drydock.model.FindingStatus;
import dev.drydock.vulndb.Namespaces;
import dev.drydock.vulndb.VulnDbBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Loads the Debian security tracker's JSON ({@code /tracker/data/json}) into a database build. */
public final class DebianTrackerImporter {
    public static final String SOURCE = "debian-tracker";

    private final Warnings warnings;

    public DebianTrackerImporter(Warnings warnings) {
        this.warnings = warnings;
    }

    public int load(Path input, VulnDbBuilder db) throws IOException {
        Set<String> described = new HashSet<>();
        int[] rows = {0};
        try (InputStream in = Files.newInputStream(input)) {
            new DebianTrackerParser(DebianTrackerLimits.DEFAULT, warnings).read(in, r -> {
                if (described.add(r.vulnerabilityId())) {
                    db.vulnerability(r.vulnerabilityId(), "debian", null, r.description(), null, null, List.of(),
                            List.of("https://security-tracker.debian.org/tracker/" + r.vulnerabilityId()));
                }
                if (r.release() == null) return; // the parser has warned about the unknown codename
                add(r, db);
                rows[0]++;
            });
        }
        // The tracker's JSON carries no date of its own; the file's time is when it was fetched.
        db.source(SOURCE, Files.getLastModifiedTime(input).toInstant(), rows[0], input.getFileName().toString());
        return rows[0];
    }

    /**
     * Every verdict is stored, "not affected" too: the tracker is Debian's own word, and at match time it
     * overrides any other source's record for the same package and vulnerability.
     */
    static void add(DebianTrackerRecord r, VulnDbBuilder db) {
        String namespace = Namespaces.distro("debian", r.release());
        FindingStatus status = switch (r.status()) {
            case FIXED -> FindingStatus.FIXED;
            case NOT_AFFECTED -> FindingStatus.NOT_AFFECTED;
            case AFFECTED, UNDETERMINED -> FindingStatus.AFFECTED;
            case WILL_NOT_FIX -> FindingStatus.WILL_NOT_FIX;
            case DEFERRED -> FindingStatus.DEFERRED;
        };
        List<List<OsvEvent>> ranges = r.status() == DebianStatus.FIXED
                ? List.of(List.of(OsvEvent.introduced("0"), OsvEvent.fixed(r.fixedVersion())))
                : List.of();
        String note = r.noDsaNote() != null ? r.noDsaNote()
                : r.status() == DebianStatus.UNDETERMINED ? "the tracker has not yet decided whether this release is affected" : null;
        db.affected(namespace, r.sourcePackage(), r.vulnerabilityId(), SOURCE, status, ranges, List.of(), r.urgencyText(), note);
    }
}
