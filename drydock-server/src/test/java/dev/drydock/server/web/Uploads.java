package dev.drydock.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drydock.catalog.Catalog;
import dev.drydock.model.Digest;
import dev.drydock.model.Epss;
import dev.drydock.model.Finding;
import dev.drydock.model.FindingStatus;
import dev.drydock.model.ImageMetadata;
import dev.drydock.model.Kev;
import dev.drydock.model.Layer;
import dev.drydock.model.OsRelease;
import dev.drydock.model.Package;
import dev.drydock.model.PackageType;
import dev.drydock.model.Platform;
import dev.drydock.model.Severity;
import dev.drydock.model.SeverityRating;
import dev.drydock.policy.GateResult;
import dev.drydock.report.JsonReportWriter;
import dev.drydock.report.ScanReport;
import dev.drydock.sbom.JsonCatalogWriter;
import dev.drydock.vulndb.DbMetadata;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Upload bodies as `drydock scan` would send them: the report and SBOM written by drydock-core's own
 * writers. The image carries Log4Shell (KEV, EPSS) and hostile text in a label and a package name.
 */
final class Uploads {
    static final String DIGEST = "sha256:" + "ab".repeat(32);
    static final String SCRIPT = "<script>alert('x')</script>";
    static final Digest LAYER = Digest.parse("sha256:" + "1a".repeat(32));

    private Uploads() {
    }

    static Package log4j() {
        return new Package(PackageType.MAVEN, "log4j-core", "2.14.1", null, "log4j-core", "2.14.1", List.of("Apache-2.0"),
                "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1", LAYER, "app/lib/log4j-core-2.14.1.jar", List.of(), Map.of());
    }

    static Package hostile() {
        return new Package(PackageType.NPM, SCRIPT, "1.0.0", null, null, null, List.of(), "pkg:npm/evil@1.0.0", LAYER,
                "app/node_modules/evil/package.json", List.of(), Map.of());
    }

    static ImageMetadata image(String digest) {
        return new ImageMetadata("registry.example.com/shop/api:1.4.2", Digest.parse(digest),
                "application/vnd.oci.image.manifest.v1+json", Digest.parse("sha256:" + "c5".repeat(32)), Platform.LINUX_AMD64,
                "2026-11-19T08:00:00Z", List.of(new Layer(0, Digest.parse("sha256:" + "d6".repeat(32)), LAYER, 29_153_221,
                "application/vnd.oci.image.layer.v1.tar+gzip")), List.of(), List.of(),
                Map.of("org.example.note", SCRIPT), Map.of());
    }

    static ScanReport report(String digest) {
        Finding log4shell = new Finding("CVE-2021-44228", List.of("GHSA-jfh8-c2jp-5v3q"), log4j(), "2.14.1", List.of("2.15.0"),
                FindingStatus.FIXED, Severity.CRITICAL, "ghsa",
                List.of(new SeverityRating("ghsa", Severity.CRITICAL, "3.1", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10.0)),
                "osv", "maven", new Epss(0.94358, 0.99979), new Kev(LocalDate.parse("2021-12-10"), LocalDate.parse("2021-12-24"), true),
                "Remote code injection in Log4j", null, List.of(), List.of("CWE-502"), null);
        Finding evil = new Finding("GHSA-xxxx-yyyy-zzzz", List.of(), hostile(), "1.0.0", List.of(), FindingStatus.AFFECTED,
                Severity.HIGH, "ghsa", List.of(), "osv", "npm", null, null, SCRIPT, null, List.of(), List.of(), null);
        DbMetadata db = new DbMetadata(1, Instant.parse("2026-11-20T03:00:00Z"), "drydock 0.4.0", List.of());
        GateResult gate = new GateResult(Set.of(Severity.CRITICAL), false, 1, List.of(), null);
        return new ScanReport("0.4.0", Instant.parse("2026-11-20T10:15:30Z"), image(digest),
                new OsRelease("debian", "12", "bookworm", "Debian GNU/Linux 12 (bookworm)", null), 2, db,
                List.of(log4shell, evil), List.of(), gate);
    }

    static ObjectNode body(String digest) {
        try {
            ByteArrayOutputStream report = new ByteArrayOutputStream();
            new JsonReportWriter().write(report(digest), report);
            ByteArrayOutputStream sbom = new ByteArrayOutputStream();
            new JsonCatalogWriter("0.4.0").write(new Catalog(image(digest), report(digest).os(), List.of(log4j(), hostile()), List.of()), sbom);
            ObjectNode body = Json.MAPPER.createObjectNode();
            body.put("stage", "ci");
            body.putObject("context").put("repo", "git.example.com/shop/api").put("commit", "4f1c2a9");
            body.putArray("names").add("registry.example.com/shop/api:1.4.2");
            body.set("report", Json.MAPPER.readTree(report.toByteArray()));
            body.set("sbom", Json.MAPPER.readTree(sbom.toByteArray()));
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A package of the given type, name and version, in {@link #LAYER}. */
    static Package pkg(PackageType type, String name, String version, String purl) {
        return new Package(type, name, version, null, null, null, List.of(), purl, LAYER, "app/" + type.name().toLowerCase() + "/" + version,
                List.of(), Map.of());
    }

    /** A finding of {@code vulnId} in {@code p}, fixed in {@code fixed} (null: no fix), on the KEV list or not. */
    static Finding finding(String vulnId, Package p, Severity severity, String fixed, boolean kev, String title) {
        return new Finding(vulnId, List.of(), p, p.version(), fixed == null ? List.of() : List.of(fixed),
                fixed == null ? FindingStatus.AFFECTED : FindingStatus.FIXED, severity, "ghsa", List.of(), "osv", "any",
                kev ? new Epss(0.5, 0.9) : null, kev ? new Kev(LocalDate.parse("2021-12-10"), LocalDate.parse("2021-12-24"), false) : null,
                title, null, List.of(), List.of(), null);
    }

    /**
     * An upload of one image under {@code name} with the given labels, packages (the SBOM) and findings: the
     * general form of {@link #body(String)}, written by the same drydock-core writers.
     */
    static ObjectNode body(String digest, String name, Map<String, String> labels, List<Package> packages, List<Finding> findings) {
        try {
            ImageMetadata img = new ImageMetadata(name, Digest.parse(digest), "application/vnd.oci.image.manifest.v1+json",
                    Digest.parse("sha256:" + "c5".repeat(32)), Platform.LINUX_AMD64, "2026-11-19T08:00:00Z",
                    List.of(new Layer(0, Digest.parse("sha256:" + "d6".repeat(32)), LAYER, 29_153_221,
                            "application/vnd.oci.image.layer.v1.tar+gzip")), List.of(), List.of(), labels, Map.of());
            OsRelease os = new OsRelease("debian", "12", "bookworm", "Debian GNU/Linux 12 (bookworm)", null);
            ScanReport report = new ScanReport("0.4.0", Instant.parse("2026-11-20T10:15:30Z"), img, os, packages.size(),
                    new DbMetadata(1, Instant.parse("2026-11-20T03:00:00Z"), "drydock 0.4.0", List.of()), findings, List.of(),
                    new GateResult(Set.of(Severity.CRITICAL), false, 0, List.of(), null));
            ByteArrayOutputStream reportJson = new ByteArrayOutputStream();
            new JsonReportWriter().write(report, reportJson);
            ByteArrayOutputStream sbom = new ByteArrayOutputStream();
            new JsonCatalogWriter("0.4.0").write(new Catalog(img, os, packages, List.of()), sbom);
            ObjectNode body = Json.MAPPER.createObjectNode();
            body.put("stage", "ci");
            body.putObject("context").put("repo", "git.example.com/" + digest.substring(7, 11)).put("commit", "4f1c2a9");
            body.putArray("names").add(name);
            body.set("report", Json.MAPPER.readTree(reportJson.toByteArray()));
            body.set("sbom", Json.MAPPER.readTree(sbom.toByteArray()));
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String json(JsonNode n) {
        return n.toString();
    }
}
