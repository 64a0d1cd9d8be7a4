package dev.drydock.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drydock.catalog.Warnings;
import dev.drydock.testing.DebianFixtures;
import dev.drydock.testing.Fixtures;
import dev.drydock.testing.LanguageArtifacts;
import dev.drydock.testing.TestImage;
import dev.drydock.vulndb.DbBuild;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static dev.drydock.cli.SbomCommandTest.drydock;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code drydock scan} end to end: an OCI image holding bookworm's real dpkg status (from debootstrap) and a
 * real log4j-core jar, scanned against a database built from the real fixtures.
 */
class ScanCommandTest {
    @TempDir
    static Path tmp;
    static Path db;
    static TestImage.Written image;
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void setUp() throws IOException {
        System.setProperty("user.home", tmp.toString());
        db = new DbBuild(List.of(Fixtures.path("osv"), Fixtures.path("accuracy/language/osv")),
                Fixtures.path("accuracy/debian-bookworm/tracker.json"), List.of(), List.of(Fixtures.path("nvd")),
                Fixtures.path("kev/known_exploited_vulnerabilities.json.gz"), Fixtures.path("epss/example-1.csv"))
                .run(tmp.resolve("drydock.db"), Instant.now(), "test", new Warnings(), s -> {
                });
        Path rootfs = DebianFixtures.minbase();
        image = new TestImage()
                .add(TestImage.layer()
                        .file("etc/os-release", Files.readString(rootfs.resolve("usr/lib/os-release")))
                        .file("var/lib/dpkg/status", Files.readString(rootfs.resolve("var/lib/dpkg/status"))))
                .add(TestImage.layer()
                        .file("app/lib/log4j-core-2.14.1.jar", Files.readAllBytes(LanguageArtifacts.get("log4j-core-2.14.1.jar")), 0644))
                .writeOciLayout(tmp.resolve("layout"), "v1");
    }

    static Run scan(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "scan";
        all[1] = "--db";
        all[2] = db.toString();
        System.arraycopy(args, 0, all, 3, args.length);
        return new Run(drydock(all));
    }

    record Run(SbomCommandTest.Run r) {
        int code() {
            return r.code();
        }

        String out() {
            return r.out();
        }

        String err() {
            return r.err();
        }

        JsonNode json() throws IOException {
            return JSON.readTree(r.out());
        }
    }

    static Set<String> findings(JsonNode report) {
        Set<String> out = new TreeSet<>();
        for (JsonNode f : report.path("findings")) {
            out.add(f.path("id").asText() + " " + f.path("package").path("purl").asText() + " " + f.path("status").asText()
                    + (f.has("suppression") ? " suppressed" : ""));
        }
        return out;
    }

    @Test
    void findsDebianAndJavaVulnerabilitiesWithLayersAndEnrichment() throws IOException {
        Run r = scan("oci:" + image.layout(), "--format", "json", "--no-cache");
        assertThat(r.code()).isZero();
        JsonNode doc = r.json();
        assertThat(doc.path("image").path("manifestDigest").asText()).isEqualTo(image.manifestDigest().toString());
        Set<String> ids = new TreeSet<>();
        doc.path("findings").forEach(f -> ids.add(f.path("id").asText()));
        assertThat(ids).contains("CVE-2021-44228", "CVE-2021-45046", "CVE-2026-103111", "CVE-2026-109518");
        JsonNode log4shell = null;
        for (JsonNode f : doc.path("findings")) if (f.path("id").asText().equals("CVE-2021-44228")) log4shell = f;
        assertThat(log4shell).isNotNull();
        assertThat(log4shell.path("package").path("layerDiffId").asText()).isEqualTo(image.diffIds().get(1).toString());
        assertThat(log4shell.path("severity").asText()).isEqualTo("critical");
        assertThat(log4shell.path("severitySource").asText()).isEqualTo("ghsa");
        assertThat(log4shell.path("kev").path("knownRansomwareUse").asBoolean()).isTrue();
        assertThat(log4shell.path("fixedVersions").get(0).asText()).isEqualTo("2.15.0");
        assertThat(doc.path("warnings")).isEmpty();
    }

    @Test
    void anSbomOfTheImageGivesTheSameFindingsInEveryFormat() throws IOException {
        Set<String> direct = findings(scan("oci:" + image.layout(), "--format", "json").json());
        assertThat(direct).hasSizeGreaterThan(10);
        for (String format : List.of("json", "cyclonedx", "spdx")) {
            Path sbom = tmp.resolve("sbom." + format + ".json");
            assertThat(drydock("sbom", "oci:" + image.layout(), "--format", format, "-o", sbom.toString()).code()).isZero();
            assertThat(findings(scan(sbom.toString(), "--format", "json").json())).as(format).isEqualTo(direct);
        }
    }

    @Test
    void gateFailsWithTheRequestedExitCodeOnlyForTheRequestedSeverities() {
        Run advisory = scan("oci:" + image.layout());
        assertThat(advisory.code()).isZero();
        assertThat(advisory.out()).contains("Gate: advisory").contains("CVE-2021-44228");

        Run critical = scan("oci:" + image.layout(), "--severity", "CRITICAL", "--exit-code", "7");
        assertThat(critical.code()).isEqualTo(7);
        assertThat(critical.err()).contains("gate failed");

        Run low = scan("oci:" + image.layout(), "--severity", "low", "--exit-code", "7");
        assertThat(low.code()).isZero(); // nothing in this image is rated low
    }

    @Test
    void trivyIgnoreFileWithExpiryAndVexSuppressWithTheirReasons() throws IOException {
        Path ignore = tmp.resolve(".trivyignore");
        String tomorrow = LocalDate.now().plusDays(1).toString();
        Files.writeString(ignore, "# accepted until the upgrade lands\nCVE-2021-44228 exp:" + tomorrow + "\nCVE-2021-45046 exp:2020-01-01\n");
        Path vex = tmp.resolve("vex.json");
        Files.writeString(vex, """
                {"@context": "https://openvex.dev/ns/v0.2.0", "@id": "https://example.com/vex/1", "author": "sec team",
                 "timestamp": "2026-11-01T00:00:00Z", "version": 1,
                 "statements": [{"vulnerability": {"name": "CVE-2026-109518"},
                   "products": [{"@id": "pkg:deb/debian/apt"}],
                   "status": "not_affected", "justification": "vulnerable_code_not_in_execute_path"}]}
                """);
        Run r = scan("oci:" + image.layout(), "--format", "json", "--ignore-file", ignore.toString(), "--vex", vex.toString(),
                "--severity", "CRITICAL", "--exit-code", "4");
        JsonNode doc = r.json();
        Set<String> all = findings(doc);
        assertThat(all).anyMatch(s -> s.startsWith("CVE-2021-44228 ") && s.endsWith("suppressed"));
        assertThat(all).anyMatch(s -> s.startsWith("CVE-2021-45046 ") && !s.endsWith("suppressed")); // expired rule
        assertThat(all).anyMatch(s -> s.startsWith("CVE-2026-109518 pkg:deb/debian/apt@") && s.endsWith("suppressed"));
        assertThat(all).anyMatch(s -> s.startsWith("CVE-2026-109518 pkg:deb/debian/libapt-pkg6.0@") && !s.endsWith("suppressed"));
        assertThat(r.code()).isEqualTo(4); // CVE-2021-45046 is critical too and its ignore rule has expired
        assertThat(doc.path("warnings").toString()).contains("expired");
    }

    @Test
    void breakGlassPassesAFailingGateAndIsRecorded() throws IOException {
        Run r = scan("oci:" + image.layout(), "--format", "json", "--severity", "CRITICAL", "--exit-code", "9",
                "--break-glass", "INC-4711 hotfix approved by on-call");
        assertThat(r.code()).isZero();
        assertThat(r.err()).contains("BREAK-GLASS").contains("INC-4711");
        JsonNode gate = r.json().path("gate");
        assertThat(gate.path("verdict").asText()).isEqualTo("overridden");
        assertThat(gate.path("breakGlass").path("reason").asText()).isEqualTo("INC-4711 hotfix approved by on-call");
        assertThat(gate.path("breakGlass").path("at").asText()).isNotEmpty();
    }

    @Test
    void everyReportFormatIsWritten() throws IOException {
        JsonNode sarif = JSON.readTree(scan("oci:" + image.layout(), "--format", "sarif").out());
        assertThat(sarif.path("version").asText()).isEqualTo("2.1.0");
        assertThat(sarif.path("runs").get(0).path("results").size()).isGreaterThan(10);
        JsonNode cdx = JSON.readTree(scan("oci:" + image.layout(), "--format", "cyclonedx").out());
        assertThat(cdx.path("specVersion").asText()).isEqualTo("1.6");
        assertThat(cdx.path("vulnerabilities").size()).isGreaterThan(10);
        assertThat(scan("oci:" + image.layout(), "--format", "markdown").out()).contains("| ").contains("CVE-2021-44228");
        Path out = tmp.resolve("report.json");
        assertThat(scan("oci:" + image.layout(), "--format", "json", "-o", out.toString()).code()).isZero();
        assertThat(JSON.readTree(out.toFile()).path("schemaVersion").asInt()).isEqualTo(1);
    }

    @Test
    void badInputIsOneLineAndExitTwo() throws IOException {
        assertOneLine(scan("oci:" + image.layout(), "--severity", "SEVERE"), "unknown severity");
        assertOneLine(scan("oci:" + image.layout(), "--format", "pdf"), "pdf");
        assertOneLine(scan("oci:" + image.layout(), "--vex", tmp.resolve("missing.json").toString()), "missing.json");
        Path garbage = tmp.resolve("garbage.vex");
        Files.write(garbage, new byte[]{0x1f, (byte) 0x8b, 0, 1, 2, 3});
        assertOneLine(scan("oci:" + image.layout(), "--vex", garbage.toString()), "garbage.vex");
        Path notDb = tmp.resolve("not.db");
        Files.writeString(notDb, "hello");
        Run r = new Run(drydock("scan", "--db", notDb.toString(), "oci:" + image.layout()));
        assertOneLine(r, "drydock db update");
        assertOneLine(new Run(drydock("scan", "--db", tmp.resolve("none.db").toString(), "oci:" + image.layout())), "drydock db update");
        assertOneLine(scan("oci:" + image.layout(), "--break-glass", " "), "break");
    }

    private static void assertOneLine(Run r, String mention) {
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
        assertThat(r.err()).containsIgnoringCase(mention).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void staleDatabaseIsWarnedAbout() throws IOException {
        Path old = tmp.resolve("old.db");
        new DbBuild(List.of(Fixtures.path("osv")), null, List.of(), List.of(), null, null)
                .run(old, Instant.now().minus(java.time.Duration.ofDays(30)), "test", new Warnings(), s -> {
                });
        Run r = new Run(drydock("scan", "--db", old.toString(), "oci:" + image.layout(), "--format", "json"));
        assertThat(r.err()).contains("30 days old");
        assertThat(r.json().path("warnings").toString()).contains("30 days old");
        Run quiet = new Run(drydock("scan", "--db", old.toString(), "--max-db-age", "60", "oci:" + image.layout(), "--format", "json"));
        assertThat(quiet.json().path("warnings").toString()).doesNotContain("days old");
    }

    @Test
    void dbStatusShowsSourcesAndCounts() {
        var r = drydock("db", "status", "--db", db.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).containsPattern("schema: +\\d").contains("debian-tracker").contains("osv").contains("kev").contains("records");
        var missing = drydock("db", "status", "--db", tmp.resolve("nope.db").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("drydock db update");
    }

    /** The whole path: a real scan, uploaded by {@code --server} to a real drydock server, read back from its store. */
    @Test
    void uploadsTheScanToADrydockServer() throws Exception {
        dev.drydock.server.store.Database serverDb = dev.drydock.server.store.Database.open("jdbc:sqlite:" + tmp.resolve("server.db"));
        dev.drydock.server.store.Store store = new dev.drydock.server.store.Store(serverDb);
        String ci = store.createToken("pipeline", dev.drydock.server.store.Role.CI).plaintext();
        dev.drydock.server.web.DrydockServer server = dev.drydock.server.web.DrydockServer.start(0, serverDb,
                dev.drydock.server.web.ServerOptions.defaults());
        try {
            Run r = scan("oci:" + image.layout(), "--format", "json", "--server", "http://127.0.0.1:" + server.port(),
                    "--token", ci, "--stage", "ci", "--context", "repo=git.example.com/shop/api,commit=4f1c2a9");
            assertThat(r.err()).contains("uploaded the scan");
            var images = store.images(dev.drydock.server.store.ImageQuery.all());
            assertThat(images.total()).isEqualTo(1);
            String digest = images.items().getFirst().digest();
            assertThat(digest).isEqualTo(r.json().path("image").path("manifestDigest").asText());
            assertThat(store.findings(digest, false)).extracting(dev.drydock.server.store.FindingRow::vulnId).contains("CVE-2021-44228");
            assertThat(store.packages(digest)).extracting(dev.drydock.server.store.PackageRow::name).contains("org.apache.logging.log4j:log4j-core", "libc6");
            assertThat(store.scans(digest).getFirst().context()).containsEntry("commit", "4f1c2a9");
        } finally {
            server.stop();
        }
    }

    /** An SBOM made elsewhere, matched by the server itself: the same findings as scanning the image. */
    @Test
    void theServerMatchesAnUploadedSbomLikeTheScanner() throws Exception {
        Set<String> direct = findings(scan("oci:" + image.layout(), "--format", "json").json());
        Path sbom = tmp.resolve("upload.cdx.json");
        assertThat(drydock("sbom", "oci:" + image.layout(), "--format", "cyclonedx", "-o", sbom.toString()).code()).isZero();
        dev.drydock.server.store.Database serverDb = dev.drydock.server.store.Database.open("jdbc:sqlite:" + tmp.resolve("sbom-server.db"));
        dev.drydock.server.store.Store store = new dev.drydock.server.store.Store(serverDb);
        String ci = store.createToken("pipeline", dev.drydock.server.store.Role.CI).plaintext();
        var server = dev.drydock.server.web.DrydockServer.start(0, store, dev.drydock.server.web.ServerOptions.defaults(),
                new dev.drydock.server.jobs.JobMetrics(), new dev.drydock.server.jobs.VulnDbSource(db), null, System.err);
        var http = java.net.http.HttpClient.newHttpClient();
        try {
            String base = "http://127.0.0.1:" + server.port() + "/api/v1/sboms";
            var r = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base
                                    + "?stage=ci&name=registry.example.com/shop/api:1.4.2&context=commit%3D4f1c2a9"))
                            .header("Authorization", "Bearer " + ci)
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofFile(sbom)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            String digest = image.manifestDigest().toString();
            assertThat(JSON.readTree(r.body()).path("digest").asText()).isEqualTo(digest);
            Set<String> stored = new TreeSet<>();
            for (var f : store.findings(digest, false)) stored.add(f.vulnId() + " " + f.purl());
            Set<String> expected = new TreeSet<>();
            for (String f : direct) {
                String[] idPurlStatus = f.split(" ");
                // The store keys findings by purl without qualifiers.
                expected.add(idPurlStatus[0] + " " + idPurlStatus[1].replaceFirst("\\?.*$", ""));
            }
            assertThat(stored).isEqualTo(expected);
            assertThat(store.image(digest).orElseThrow().names()).extracting(n -> n.name().toString())
                    .containsExactly("registry.example.com/shop/api:1.4.2");
            assertThat(store.scans(digest).getFirst().context()).containsEntry("commit", "4f1c2a9");

            // An SBOM without an image digest needs one in the query; a document that is no SBOM is a 400.
            var garbage = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base))
                            .header("Authorization", "Bearer " + ci)
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"hello\": 1}")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(garbage.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(garbage.body()).path("error").asText()).isNotBlank();
        } finally {
            server.stop();
        }
    }

    @Test
    void aRefusedUploadSaysWhy() throws Exception {
        dev.drydock.server.store.Database serverDb = dev.drydock.server.store.Database.open("jdbc:sqlite:" + tmp.resolve("refusing.db"));
        String viewer = new dev.drydock.server.store.Store(serverDb).createToken("v", dev.drydock.server.store.Role.VIEWER).plaintext();
        dev.drydock.server.web.DrydockServer server = dev.drydock.server.web.DrydockServer.start(0, serverDb,
                dev.drydock.server.web.ServerOptions.defaults());
        try {
            Run r = scan("oci:" + image.layout(), "--server", "http://127.0.0.1:" + server.port(), "--token", viewer);
            assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
            assertThat(r.err()).contains("HTTP 403");
        } finally {
            server.stop();
        }
    }
}
