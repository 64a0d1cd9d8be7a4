package dev.drydock.server.reconcile;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import dev.drydock.model.Digest;
import dev.drydock.model.Finding;
import dev.drydock.model.FindingStatus;
import dev.drydock.model.ImageMetadata;
import dev.drydock.model.Package;
import dev.drydock.model.PackageType;
import dev.drydock.model.SeverityRating;
import dev.drydock.model.Suppression;
import dev.drydock.model.UntrustedText;
import dev.drydock.policy.GateResult;
import dev.drydock.report.ScanReport;
import dev.drydock.server.ingest.ImportedFinding;
import dev.drydock.server.ingest.ImportedPackage;
import dev.drydock.server.ingest.ImportedReport;
import dev.drydock.server.ingest.ImportedScan;
import dev.drydock.server.ingest.ReportSubject;
import dev.drydock.server.store.ImageName;
import dev.drydock.server.store.ImportRecorded;
import dev.drydock.server.store.PackageRow;
import dev.drydock.server.store.ScanUpload;
import dev.drydock.server.store.Store;
import dev.drydock.vulndb.DbMetadata;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Stores another scanner's report (read by {@code dev.drydock.server.ingest.Importers}) as that scanner's
 * attributions on drydock's canonical findings, keyed (image manifest digest, canonical vulnerability id, package
 * purl without qualifiers) like drydock's own:
 *
 * <ul>
 *   <li><b>Image</b>: {@code --image} (a digest, or a reference resolved through the inventory), else the manifest
 *       digest the report names, else its config digest (Trivy's {@code ImageID}) looked up in the inventory, else
 *       its tag resolved through the inventory, with a warning. A tag the inventory does not know is refused
 *       ({@link UnknownImageException}); a digest the inventory does not hold yet is accepted as a new image.</li>
 *   <li><b>Vulnerability id</b>: through the vulnerability database's aliases (GHSA, DSA, DLA … → CVE); without a
 *       database the id stays as the report links it, with a warning.</li>
 *   <li><b>Package</b>: matched against the image's stored packages: by purl without qualifiers, else by name and
 *       version (the binary package, {@code libssl3}), else a name that is a stored <em>source</em> package
 *       ({@code openssl}) at that version stands for each of its binary packages. A package the image's catalog
 *       does not hold keeps the report's purl ({@code pkg:generic/name@version} when it gives none).</li>
 * </ul>
 *
 * <p>Each image's scan is one {@link Store#recordImport} call: the scanner's attributions that the new report no
 * longer makes are soft-deleted; a finding stays active while any scanner reports it; the same file imported twice
 * is one scan and changes nothing.
 */
public final class ReportImport {
    private static final Pattern CVE = Pattern.compile("CVE-\\d{4}-\\d{4,}");
    private static final Pattern SCANNER_CHARS = Pattern.compile("[^a-z0-9._-]");
    private static final String TAG_WARNING = "report names the image only by tag";
    /** Imported reports carry no time drydock trusts: a fixed one keeps the same file the same upload. */
    private static final Instant NO_TIME = Instant.EPOCH;

    private final Store store;
    private final AliasResolver aliases;

    public ReportImport(Store store, AliasResolver aliases) {
        this.store = store;
        this.aliases = aliases;
    }

    /** The attributions' scanner name for a report: the format's scanner, or for SARIF/CycloneDX the tool that wrote it. */
    public static String scannerName(ImportedReport report) {
        String given = report.scanner() == null ? "" : report.scanner().toLowerCase(Locale.ROOT);
        if (given.startsWith("trivy")) return "trivy";
        if (!given.equals("sarif") && !given.equals("cyclonedx")) return given;
        String tool = report.tool() == null ? "" : SCANNER_CHARS.matcher(report.tool().strip().toLowerCase(Locale.ROOT).replace(' ', '-')).replaceAll("");
        if (tool.length() > 64) tool = tool.substring(0, 64);
        if (tool.isEmpty()) return given;
        // drydock's own attributions are the ones re-matching keeps up to date: an imported file never speaks for them.
        if (tool.equals(ScanUpload.DRYDOCK)) return "drydock-" + given;
        return tool;
    }

    /**
     * Stores every scan of the report whose image can be identified.
     *
     * @throws UnknownImageException when no scan's image can be identified, or {@code --image} cannot be
     * @throws dev.drydock.image.BadInputException for {@code --image} on a report about several subjects, or an
     *         {@code --image} digest that contradicts the report's
     */
    public ImportOutcome run(ImportedReport report, ImportRequest request) {
        String scanner = scannerName(report);
        List<String> warnings = new ArrayList<>();
        for (String w : report.warnings()) {
            if (request.image() != null && w.startsWith(TAG_WARNING)) continue; // --image says which image it is
            warnings.add(w);
        }
        if (request.image() != null && report.scans().size() > 1) {
            throw new dev.drydock.image.BadInputException("the report covers " + report.scans().size()
                    + " subjects; --image applies only to a report about one image");
        }
        Map<String, String> canonical = canonicalIds(report, warnings);

        List<ImportOutcome.Scan> stored = new ArrayList<>();
        List<String> unresolved = new ArrayList<>();
        for (ImportedScan scan : report.scans()) {
            String digest;
            try {
                digest = digestOf(scan.subject(), request.image(), warnings);
            } catch (UnknownImageException e) {
                if (report.scans().size() == 1) throw e;
                unresolved.add(e.getMessage());
                continue;
            }
            stored.add(store(scan, digest, scanner, report, request, canonical, warnings));
        }
        if (stored.isEmpty() && !unresolved.isEmpty()) {
            throw new UnknownImageException("no subject of the report is a known image: " + unresolved.get(0)
                    + (unresolved.size() > 1 ? " (and " + (unresolved.size() - 1) + " more)" : ""));
        }
        for (String u : unresolved) warnings.add("skipped: " + u);
        return new ImportOutcome(scanner, report.tool(), report.toolVersion(), stored, report.skippedByReason(),
                report.skipped().summary(), warnings);
    }

    // ---- image identity

    private String digestOf(ReportSubject subject, String requested, List<String> warnings) {
        String named = subject.digest() == null ? null : subject.digest().toString();
        if (requested != null) {
            String digest = requestedDigest(requested);
            if (named != null && !named.equals(digest)) {
                throw new dev.drydock.image.BadInputException("--image is " + shortDigest(digest) + " but the report is of " + shortDigest(named));
            }
            return newImageCheck(digest, warnings);
        }
        if (named != null) return newImageCheck(named, warnings);
        if (subject.imageId() != null) {
            List<String> byConfig = store.digestsWithConfig(subject.imageId().toString());
            if (byConfig.size() == 1) return byConfig.get(0);
        }
        String ref = subject.imageReference() != null ? subject.imageReference()
                : subject.repoTags().isEmpty() ? null : subject.repoTags().get(0);
        if (ref == null) {
            throw new UnknownImageException("the report does not say which image \"" + UntrustedText.printable(subject.artifactName(), 120)
                    + "\" is; pass --image REF|DIGEST");
        }
        return digestOfReference(ref);
    }

    /** {@code --image}: a digest, {@code repo@sha256:…}, or a reference resolved through the inventory. */
    private String requestedDigest(String image) {
        String s = image.strip();
        int at = s.lastIndexOf('@');
        String digestPart = at >= 0 ? s.substring(at + 1) : s.startsWith("sha256:") ? s : null;
        if (digestPart != null) {
            try {
                return Digest.parse(digestPart).toString();
            } catch (IllegalArgumentException e) {
                throw new dev.drydock.image.BadInputException("--image digest must be sha256:<64 hex>");
            }
        }
        return digestOfReference(s);
    }

    private String digestOfReference(String ref) {
        String shown = UntrustedText.printable(ref, 120);
        ImageName name = ImageName.fromReference(ref)
                .orElseThrow(() -> new UnknownImageException("\"" + shown + "\" is not a registry reference and names no digest; pass --image sha256:…"));
        List<String> digests = store.digestsNamed(name);
        if (digests.isEmpty()) {
            throw new UnknownImageException("image " + shown + " is not in the inventory; scan or upload it first, or pass --image sha256:…");
        }
        return digests.get(0);
    }

    private String newImageCheck(String digest, List<String> warnings) {
        if (!store.hasImage(digest)) {
            warnings.add("image " + shortDigest(digest) + " was not in the inventory: added from this report alone");
        }
        return digest;
    }

    private static String shortDigest(String d) {
        return d.length() > 19 ? d.substring(0, 19) + "…" : d;
    }

    // ---- vulnerability ids

    private Map<String, String> canonicalIds(ImportedReport report, List<String> warnings) {
        Set<String> ids = new LinkedHashSet<>();
        boolean nonCve = false;
        for (ImportedScan s : report.scans()) {
            for (ImportedFinding f : s.findings()) {
                ids.add(f.vulnerabilityId());
                ids.addAll(f.aliases());
                if (!CVE.matcher(f.vulnerabilityId()).matches()) nonCve = true;
            }
        }
        if (ids.isEmpty()) return Map.of();
        try {
            return aliases.canonical(ids);
        } catch (AliasResolver.Unavailable e) {
            if (nonCve) {
                warnings.add("no vulnerability database: ids are kept as the report gives them (GHSA and distro advisory ids"
                        + " are not resolved to CVEs); run drydock db update or drydock db pull");
            }
            return Map.of();
        }
    }

    private static String canonicalId(ImportedFinding f, Map<String, String> canonical) {
        String id = f.vulnerabilityId();
        String c = canonical.get(id);
        if (c != null) return c;
        if (CVE.matcher(id).matches()) return id;
        for (String a : f.aliases()) {
            String ca = canonical.get(a);
            if (ca != null) return ca;
        }
        for (String a : f.aliases()) if (CVE.matcher(a).matches()) return a;
        return id;
    }

    // ---- packages and findings

    private ImportOutcome.Scan store(ImportedScan scan, String digest, String scanner, ImportedReport report,
                                     ImportRequest request, Map<String, String> canonical, List<String> warnings) {
        Inventory inventory = new Inventory(store.packages(digest));
        List<Finding> findings = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        int matched = 0;
        for (ImportedFinding f : scan.findings()) {
            String id = canonicalId(f, canonical);
            List<String> aliasIds = new ArrayList<>();
            for (String a : concat(f.nativeId(), f.aliases())) if (a != null && !a.equals(id) && !aliasIds.contains(a)) aliasIds.add(a);
            List<PackageRow> rows = inventory.match(f.pkg());
            List<Package> pkgs = rows.isEmpty() ? List.of(ownPackage(f.pkg())) : rows.stream().map(ReportImport::storedPackage).toList();
            for (Package p : pkgs) {
                Finding finding = finding(f, id, aliasIds, p, rows.isEmpty() ? f.pkg().version() : p.version(), scanner);
                if (keys.add(id + "\0" + withoutQualifiers(p.purl()))) {
                    findings.add(finding);
                    if (!rows.isEmpty()) matched++;
                }
            }
        }
        ReportSubject subject = scan.subject();
        ImageMetadata image = new ImageMetadata(null, Digest.parse(digest), null, subject.imageId(), null, null, List.of(),
                List.of(), List.of(), Map.of(), Map.of());
        ScanReport sr = new ScanReport(report.toolVersion() == null ? "" : report.toolVersion(), NO_TIME, image, null, 0,
                new DbMetadata(2, NO_TIME, scanner, List.of()), findings, List.of(), new GateResult(Set.of(), false, 0, List.of(), null));
        ImportRecorded r = store.recordImport(new ScanUpload(sr, List.of(), request.stage(), request.context(), scanner,
                report.toolVersion(), List.of()));
        String shown = subject.imageReference() != null ? subject.imageReference() : subject.artifactName();
        return new ImportOutcome.Scan(digest, shown == null ? null : UntrustedText.printable(shown, 200), r.scan().value(), r.repeated(),
                findings.size(), matched, r.attributionsAdded(), r.attributionsKept(), r.attributionsEnded(),
                r.findingsAppeared(), r.findingsDisappeared());
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> out = new ArrayList<>();
        out.add(first);
        out.addAll(rest);
        return out;
    }

    private static Finding finding(ImportedFinding f, String id, List<String> aliasIds, Package p, String installed, String scanner) {
        List<SeverityRating> ratings = new ArrayList<>();
        String source = f.severitySource() != null ? f.severitySource() : scanner;
        if (f.cvssScore() != null || f.cvssVector() != null) {
            ratings.add(new SeverityRating(source, f.severity(), cvssVersion(f.cvssVector()), f.cvssVector(), f.cvssScore()));
        }
        FindingStatus status = f.status() != null ? f.status() : f.fixedVersions().isEmpty() ? FindingStatus.AFFECTED : FindingStatus.FIXED;
        Suppression suppression = status == FindingStatus.NOT_AFFECTED
                ? new Suppression(Suppression.Kind.VEX, "not affected, as " + scanner + " reports", scanner, null) : null;
        return new Finding(id, aliasIds.stream().sorted().toList(), p, installed, f.fixedVersions(), status, f.severity(), source,
                ratings, scanner, null, null, null, f.title(), f.description(), List.of(), List.of(), suppression);
    }

    private static String cvssVersion(String vector) {
        if (vector == null) return null;
        if (vector.startsWith("CVSS:")) {
            int slash = vector.indexOf('/');
            return slash > 5 ? vector.substring(5, slash) : null;
        }
        return "2.0";
    }

    private static Package storedPackage(PackageRow r) {
        return new Package(PackageType.fromPurlType(r.type()), r.name(), r.version(), r.arch(), r.sourceName(), r.sourceVersion(),
                List.of(), r.purl(), null, r.path().isEmpty() ? null : r.path(), List.of());
    }

    /** A package the image's stored catalog does not hold: as the report names it. */
    private static Package ownPackage(ImportedPackage p) {
        String purl = p.purl();
        if (purl == null) {
            try {
                purl = new PackageURL("generic", null, p.name(), p.version(), null, null).canonicalize();
            } catch (MalformedPackageURLException | RuntimeException e) {
                purl = "pkg:generic/" + p.name() + (p.version() == null ? "" : "@" + p.version());
            }
        }
        return new Package(PackageType.fromPurlType(p.purlType()), p.name(), p.version(), null, p.sourceName(), p.sourceVersion(),
                List.of(), purl, null, p.path(), List.of());
    }

    static String withoutQualifiers(String purl) {
        if (purl == null) return null;
        int q = purl.indexOf('?');
        if (q < 0) return purl;
        int hash = purl.indexOf('#', q);
        return purl.substring(0, q) + (hash < 0 ? "" : purl.substring(hash));
    }

    /** The image's stored packages, indexed the ways a report may name one. */
    static final class Inventory {
        private final Map<String, List<PackageRow>> byIdentity = new HashMap<>();
        private final Map<String, List<PackageRow>> byNameVersion = new HashMap<>();
        private final Map<String, List<PackageRow>> bySource = new LinkedHashMap<>();

        Inventory(List<PackageRow> rows) {
            for (PackageRow r : rows) {
                byIdentity.computeIfAbsent(withoutQualifiers(r.purl()), k -> new ArrayList<>()).add(r);
                byNameVersion.computeIfAbsent(r.name() + "\0" + r.version(), k -> new ArrayList<>()).add(r);
                if (r.sourceName() != null && !r.sourceName().equals(r.name()) && isOs(r.type())) {
                    bySource.computeIfAbsent(r.sourceName() + "\0" + r.sourceVersion(), k -> new ArrayList<>()).add(r);
                }
            }
        }

        /** The stored packages the report's package is; empty when the catalog holds none of them. */
        List<PackageRow> match(ImportedPackage p) {
            String identity = p.identity();
            if (identity != null) {
                List<PackageRow> same = byIdentity.get(identity);
                if (same != null) return List.of(same.get(0));
            }
            List<PackageRow> named = byNameVersion.getOrDefault(p.name() + "\0" + p.version(), List.of());
            List<PackageRow> ofType = named.stream().filter(r -> p.purlType() == null || p.purlType().equals(r.type())).toList();
            if (!ofType.isEmpty()) return distinctByIdentity(ofType);
            if (p.purlType() == null || isOs(p.purlType())) {
                List<PackageRow> binaries = bySource.getOrDefault(p.name() + "\0" + p.version(), List.of());
                if (!binaries.isEmpty()) return distinctByIdentity(binaries);
            }
            return List.of();
        }

        private static List<PackageRow> distinctByIdentity(List<PackageRow> rows) {
            Map<String, PackageRow> out = new LinkedHashMap<>();
            for (PackageRow r : rows) out.putIfAbsent(withoutQualifiers(r.purl()), r);
            return List.copyOf(out.values());
        }

        private static boolean isOs(String type) {
            return "deb".equals(type) || "rpm".equals(type) || "apk".equals(type);
        }
    }
}
