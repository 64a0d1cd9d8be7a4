package dev.drydock.vulndb.nvd;

import dev.drydock.catalog.Warnings;
import dev.drydock.model.Severity;
import dev.drydock.model.SeverityRating;
import dev.drydock.vulndb.VulnDbBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Loads NVD CVE API 2.0 JSON — saved API pages or yearly feed files, gzip or not, one file or a
 * directory of them — into a database build: descriptions, dates, CWEs and every CVSS metric.
 */
public final class NvdImporter {
    public static final String SOURCE = "nvd";

    private final Warnings warnings;
    private int records;
    private Instant newest;
    private final List<String> origins = new ArrayList<>();

    public NvdImporter(Warnings warnings) {
        this.warnings = warnings;
    }

    /** Loads one file or directory; call {@link #finish} after the last. */
    public int load(Path input, VulnDbBuilder db) throws IOException {
        int before = records;
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(input)) {
            try (Stream<Path> s = Files.list(input)) {
                s.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().matches(".*\\.json(\\.gz)?")).sorted().forEach(files::add);
            }
        } else {
            files.add(input);
        }
        NvdParser parser = new NvdParser(NvdLimits.DEFAULT, warnings);
        for (Path f : files) {
            try (InputStream in = Files.newInputStream(f)) {
                parser.read(in, cve -> add(cve, db));
            }
        }
        origins.add(input.getFileName().toString());
        return records - before;
    }

    public void finish(VulnDbBuilder db) {
        if (!origins.isEmpty()) db.source(SOURCE, newest, records, String.join(", ", origins));
    }

    void add(NvdCve cve, VulnDbBuilder db) {
        if (cve.isRejected()) return;
        records++;
        if (cve.lastModified() != null && (newest == null || cve.lastModified().isAfter(newest))) newest = cve.lastModified();
        db.vulnerability(cve.id(), SOURCE, null, cve.description(), cve.published(), cve.lastModified(), cve.cwes(),
                List.of("https://nvd.nist.gov/vuln/detail/" + cve.id()));
        for (NvdCvssMetric m : cve.metrics()) db.rating(cve.id(), rating(m));
    }

    /** NVD's own analysis is source {@code nvd}; a CNA's score keeps the CNA's name, e.g. {@code nvd:secalert@redhat.com}. */
    static SeverityRating rating(NvdCvssMetric m) {
        String source = m.type() == NvdMetricType.PRIMARY ? SOURCE : SOURCE + ":" + m.source();
        String version = switch (m.version()) {
            case V2 -> "2.0";
            case V3_0 -> "3.0";
            case V3_1 -> "3.1";
            case V4_0 -> "4.0";
        };
        Severity s = Severity.parse(m.baseSeverity());
        if (s == Severity.UNKNOWN) s = Severity.ofCvssScore(m.baseScore());
        return new SeverityRating(source, s, version, m.vectorString(), m.baseScore());
    }
}
