package dev.drydock.vulndb.osv;

import dev.drydock.catalog.Warnings;
import dev.drydock.match.OsvEvent;
import dev.drydock.model.FindingStatus;
import dev.drydock.model.PackageType;
import dev.drydock.model.Severity;
import dev.drydock.model.SeverityRating;
import dev.drydock.vulndb.Namespaces;
import dev.drydock.vulndb.VulnDbBuilder;
import dev.drydock.vulndb.CvssVectors;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads OSV records — a directory of JSON files or an {@code all.zip} as osv.dev publishes per
 * ecosystem — into a database build.
 */
public final class OsvImporter {
    public static final String SOURCE = "osv";
    /** Per-CVE records of distributions: {@code DEBIAN-CVE-2024-1234}, {@code UBUNTU-CVE-…}, {@code ALPINE-CVE-…}. */
    private static final Pattern PREFIXED_CVE = Pattern.compile("^[A-Z]+-(CVE-\\d{4}-\\d{4,})$");

    private final Warnings warnings;
    private Instant newest;
    private int records;
    private final List<String> origins = new ArrayList<>();

    public OsvImporter(Warnings warnings) {
        this.warnings = warnings;
    }

    /** Reads {@code input} (a directory, else a zip) and returns how many records it gave; call {@link #finish} after the last. */
    public int load(Path input, VulnDbBuilder db) throws IOException {
        int before = records;
        OsvParser parser = new OsvParser(OsvLimits.DEFAULT, warnings);
        if (Files.isDirectory(input)) {
            parser.readDirectory(input, r -> add(r, db));
        } else {
            try (InputStream in = Files.newInputStream(input)) {
                parser.readZip(in, r -> add(r, db));
            }
        }
        origins.add(input.getFileName().toString());
        return records - before;
    }

    public void finish(VulnDbBuilder db) {
        if (!origins.isEmpty()) db.source(SOURCE, newest, records, String.join(", ", origins));
    }

    /** Adds one record; public for tests and for builders that read records from elsewhere. */
    public void add(OsvRecord r, VulnDbBuilder db) {
        records++;
        if (r.modified() != null && (newest == null || r.modified().isAfter(newest))) newest = r.modified();
        String source = sourceOf(r.id());
        db.vulnerability(r.id(), source, r.summary(), r.details(), r.published(), r.modified(), List.of(),
                r.references().stream().map(OsvReference::url).toList());
        linkAliases(r, db);
        for (SeverityRating rating : ratings(r, source)) db.rating(r.id(), rating);
        if (r.isWithdrawn() || isUmbrellaNotice(r.id())) return;
        for (OsvAffected a : r.affected()) {
            PackageType type = a.pkg().ecosystem().type();
            if (type == null) continue;
            String namespace = namespace(a.pkg().ecosystem());
            if (namespace == null) continue;
            List<List<OsvEvent>> ranges = new ArrayList<>();
            for (OsvRange range : a.ranges()) {
                if (range.type() != OsvRangeType.GIT) ranges.add(range.events());
            }
            if (ranges.isEmpty() && a.versions().isEmpty()) continue; // only GIT ranges: nothing to compare a version with
            String severity = firstNonNull(a.ecosystemSpecific().get("severity"), a.ecosystemSpecific().get("urgency"),
                    a.databaseSpecific().get("severity"));
            db.affected(namespace, Namespaces.packageName(type, a.pkg().name()), r.id(), SOURCE, FindingStatus.AFFECTED,
                    ranges, a.versions(), severity, null);
        }
    }

    /**
     * A record naming one CVE is that CVE under another id; one naming several (a DSA, a USN) is a
     * notice about many and must not fold them into one.
     */
    private static void linkAliases(OsvRecord r, VulnDbBuilder db) {
        List<String> ids = new ArrayList<>(r.aliases());
        Matcher m = PREFIXED_CVE.matcher(r.id());
        if (m.matches()) ids.add(m.group(1));
        long cves = ids.stream().filter(i -> i.startsWith("CVE-")).distinct().count() + (r.id().startsWith("CVE-") ? 1 : 0);
        if (cves > 1) return;
        for (String alias : ids) db.alias(r.id(), alias);
    }

    /**
     * Debian's DSA/DLA/DTSA and Ubuntu's USN records repeat, per notice, what the per-CVE records already
     * say per CVE; matching both would report every issue twice.
     */
    static boolean isUmbrellaNotice(String id) {
        return id.startsWith("DSA-") || id.startsWith("DLA-") || id.startsWith("DTSA-") || id.startsWith("USN-");
    }

    static String namespace(OsvEcosystem eco) {
        return switch (eco.type()) {
            case DEB, APK, RPM -> eco.release() == null ? null : Namespaces.distro(eco.name(), eco.release());
            default -> Namespaces.language(eco.type());
        };
    }

    /** Who published a record, by its id prefix; the rating keeps that name as its source. */
    public static String sourceOf(String id) {
        int dash = id.indexOf('-');
        String prefix = dash < 0 ? id : id.substring(0, dash);
        return switch (prefix) {
            case "GHSA" -> "ghsa";
            case "PYSEC" -> "pypa";
            case "GO" -> "go";
            case "RUSTSEC" -> "rustsec";
            case "DSA", "DLA", "DTSA", "DEBIAN" -> "debian";
            case "USN", "UBUNTU" -> "ubuntu";
            case "ALPINE" -> "alpine";
            default -> prefix.toLowerCase(Locale.ROOT);
        };
    }

    /**
     * The record's own ratings: each CVSS vector with its computed score, and the source's word
     * (GHSA's database_specific severity, Ubuntu's priority) — one rating per source, the word deciding
     * the severity when the source gave one, as the source itself shows it.
     */
    static List<SeverityRating> ratings(OsvRecord r, String source) {
        Severity word = Severity.parse(r.databaseSpecific().get("severity"));
        List<SeverityRating> out = new ArrayList<>();
        for (OsvSeverity s : r.severity()) {
            if (s.type().startsWith("CVSS_")) {
                SeverityRating cvss = CvssVectors.rating(source, s.score());
                out.add(word == Severity.UNKNOWN ? cvss
                        : new SeverityRating(source, word, cvss.cvssVersion(), cvss.vector(), cvss.score()));
            } else {
                Severity w = Severity.parse(s.score());
                if (w != Severity.UNKNOWN) out.add(SeverityRating.of(source, w));
            }
        }
        if (out.isEmpty() && word != Severity.UNKNOWN) out.add(SeverityRating.of(source, word));
        return out;
    }

    private static String firstNonNull(String... values) {
        for (String v : values) if (v != null && !v.isBlank()) return v;
        return null;
    }
}
