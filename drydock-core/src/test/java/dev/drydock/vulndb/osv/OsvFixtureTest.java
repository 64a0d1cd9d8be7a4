package dev.drydock.vulndb.osv;

import dev.drydock.match.OsvEvent;
import dev.drydock.model.PackageType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static dev.drydock.vulndb.osv.OsvMatch.affects;
import static org.assertj.core.api.Assertions.assertThat;

/** The real OSV records in fixtures/osv (see SOURCES.md there): fields, and verdicts around fixed versions. */
class OsvFixtureTest {
    private final OsvParser parser = new OsvParser();

    static Path fixtures() {
        try {
            return Paths.get(OsvFixtureTest.class.getResource("/fixtures/osv").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private OsvRecord load(String id) throws IOException {
        return parser.parse(Files.readAllBytes(fixtures().resolve(id + ".json")));
    }

    @Test
    void debianAdvisoryWithAlias() throws IOException {
        OsvRecord r = load("DSA-3029-1");
        assertThat(r.id()).isEqualTo("DSA-3029-1");
        assertThat(r.aliases()).containsExactly("CVE-2014-3616");
        assertThat(r.summary()).isEqualTo("nginx - security update");
        assertThat(r.modified()).isEqualTo(Instant.parse("2014-09-20T08:18:07Z"));
        assertThat(r.published()).isEqualTo(Instant.parse("2014-09-20T00:00:00Z"));
        assertThat(r.withdrawn()).isNull();
        assertThat(r.references()).containsExactly(new OsvReference("ADVISORY", "https://www.debian.org/security/2014/dsa-3029"));
        OsvAffected a = r.affected().get(0);
        assertThat(a.pkg().ecosystem()).isEqualTo(new OsvEcosystem("Debian:7", "Debian", "7", PackageType.DEB));
        assertThat(a.pkg().name()).isEqualTo("nginx");
        assertThat(a.ranges()).containsExactly(new OsvRange(OsvRangeType.ECOSYSTEM, null,
                List.of(OsvEvent.introduced("0"), OsvEvent.fixed("1.2.1-2.2+wheezy3"))));

        assertThat(affects(r, PackageType.DEB, "nginx", "1.2.1-2.2+wheezy2")).isTrue();
        assertThat(affects(r, PackageType.DEB, "nginx", "1.2.1-2.2+wheezy3")).isFalse();
        assertThat(affects(r, PackageType.DEB, "nginx", "1.2.1-2.2+wheezy3.1")).isFalse();
        assertThat(affects(r, PackageType.DEB, "7", "nginx", "1.2.1-2.2")).isTrue();
        assertThat(affects(r, PackageType.DEB, "8", "nginx", "1.2.1-2.2")).isFalse();
        assertThat(affects(r, PackageType.DEB, "nginx-full", "1.2.1-2.2")).isFalse();
        assertThat(affects(r, PackageType.APK, "nginx", "1.2.1-r0")).isFalse();
    }

    @Test
    void debianReleasesKeepTheirOwnFixedVersions() throws IOException {
        OsvRecord r = load("DSA-5474-1");
        assertThat(r.aliases()).isEmpty();
        assertThat(r.affected()).extracting(a -> a.pkg().ecosystem().release()).containsExactly("11", "12");
        // The bookworm build is above the bullseye fix but below its own.
        assertThat(affects(r, PackageType.DEB, "12", "intel-microcode", "3.20230808.1~deb11u1")).isTrue();
        assertThat(affects(r, PackageType.DEB, "11", "intel-microcode", "3.20230808.1~deb11u1")).isFalse();
        assertThat(affects(r, PackageType.DEB, "12", "intel-microcode", "3.20230808.1~deb12u1")).isFalse();
        assertThat(affects(r, PackageType.DEB, "12", "intel-microcode", "3.20230512.1")).isTrue();
    }

    @Test
    void alpineReleasesAndPurl() throws IOException {
        OsvRecord r = load("CVE-2022-27449");
        assertThat(r.aliases()).isEmpty();
        assertThat(r.summary()).isNull();
        assertThat(r.details()).startsWith("MariaDB Server v10.9");
        assertThat(r.affected()).hasSize(5).allSatisfy(a -> {
            assertThat(a.pkg().ecosystem().name()).isEqualTo("Alpine");
            assertThat(a.pkg().ecosystem().type()).isEqualTo(PackageType.APK);
            assertThat(a.pkg().purl()).isEqualTo("pkg:alpine/mariadb");
        });
        assertThat(r.affected().get(3).pkg().ecosystem().release()).isEqualTo("v3.15");
        assertThat(affects(r, PackageType.APK, "v3.15", "mariadb", "10.6.7-r0")).isTrue();
        assertThat(affects(r, PackageType.APK, "v3.15", "mariadb", "10.6.8-r0")).isFalse();
        assertThat(affects(r, PackageType.APK, "v3.15", "mariadb", "10.6.8-r1")).isFalse();
        assertThat(affects(r, PackageType.APK, "v3.12", "mariadb", "10.4.25-r0")).isFalse();
        assertThat(affects(r, PackageType.APK, "v3.12", "mariadb", "10.4.24-r0")).isTrue();
        assertThat(affects(r, PackageType.APK, "v3.19", "mariadb", "10.4.24-r0")).isFalse();
    }

    @Test
    void ubuntuReleaseWithSuffixAndVersionList() throws IOException {
        OsvRecord r = load("UBUNTU-CVE-2025-38094");
        OsvAffected a = r.affected().get(0);
        assertThat(a.pkg().ecosystem()).isEqualTo(new OsvEcosystem("Ubuntu:Pro:14.04:LTS", "Ubuntu", "Pro:14.04:LTS", PackageType.DEB));
        assertThat(a.versions()).hasSize(180).contains("3.12.0-1.3");
        assertThat(r.severity()).containsExactly(new OsvSeverity("Ubuntu", "medium"));
        // introduced 0 with no fix: every version of linux in that release
        assertThat(affects(r, PackageType.DEB, "Pro:14.04:LTS", "linux", "3.12.0-1.3")).isTrue();
        assertThat(affects(r, PackageType.DEB, "Pro:14.04:LTS", "linux", "99.0-1")).isTrue();
        assertThat(affects(r, PackageType.DEB, "22.04:LTS", "linux", "3.12.0-1.3")).isFalse();
    }

    @Test
    void goStdlibTwoBranchesAndPseudoVersions() throws IOException {
        OsvRecord r = load("GO-2022-0969");
        assertThat(r.aliases()).containsExactly("CVE-2022-27664", "GHSA-69cg-p879-7622");
        assertThat(r.databaseSpecific()).containsEntry("review_status", "REVIEWED");
        OsvAffected stdlib = r.affected().get(0);
        assertThat(stdlib.pkg().ecosystem()).isEqualTo(new OsvEcosystem("Go", "Go", null, PackageType.GOLANG));
        assertThat(stdlib.ranges().get(0).type()).isEqualTo(OsvRangeType.SEMVER);
        assertThat(stdlib.ranges().get(0).events()).hasSize(4);
        // Go's imports are nested: not kept in the small map
        assertThat(stdlib.ecosystemSpecific()).isEmpty();

        assertThat(affects(r, PackageType.GOLANG, "stdlib", "1.18.5")).isTrue();
        assertThat(affects(r, PackageType.GOLANG, "stdlib", "1.18.6")).isFalse();
        assertThat(affects(r, PackageType.GOLANG, "stdlib", "1.19.0")).isTrue();
        assertThat(affects(r, PackageType.GOLANG, "stdlib", "1.19.1")).isFalse();
        assertThat(affects(r, PackageType.GOLANG, "stdlib", "1.20.0")).isFalse();
        assertThat(affects(r, PackageType.GOLANG, "golang.org/x/net", "0.0.0-20220906165145-aaaaaaaaaaaa")).isTrue();
        assertThat(affects(r, PackageType.GOLANG, "golang.org/x/net", "0.0.0-20220906165146-f3363e06e74c")).isFalse();
        assertThat(affects(r, PackageType.GOLANG, "golang.org/x/net", "0.1.0")).isFalse();
    }

    @Test
    void ghsaNpmSeverities() throws IOException {
        OsvRecord r = load("GHSA-jf85-cpcp-j695");
        assertThat(r.aliases()).containsExactly("CVE-2019-10744");
        assertThat(r.severity()).containsExactly(new OsvSeverity("CVSS_V3", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:H"));
        assertThat(r.databaseSpecific()).containsEntry("severity", "CRITICAL").containsEntry("github_reviewed", "true")
                .doesNotContainKey("cwe_ids");
        assertThat(r.affected().get(0).pkg().ecosystem().type()).isEqualTo(PackageType.NPM);
        assertThat(affects(r, PackageType.NPM, "lodash", "4.17.11")).isTrue();
        assertThat(affects(r, PackageType.NPM, "lodash", "4.17.12")).isFalse();
        assertThat(affects(r, PackageType.NPM, "lodash", "4.17.13")).isFalse();
        assertThat(affects(r, PackageType.NPM, "Lodash", "4.17.11")).isFalse(); // npm names are exact
    }

    @Test
    void ghsaMavenTwoRanges() throws IOException {
        OsvRecord r = load("GHSA-jfh8-c2jp-5v3q");
        assertThat(r.aliases()).containsExactly("CVE-2021-44228");
        String log4j = "org.apache.logging.log4j:log4j-core";
        assertThat(affects(r, PackageType.MAVEN, log4j, "2.14.1")).isTrue();
        assertThat(affects(r, PackageType.MAVEN, log4j, "2.15.0")).isFalse();
        assertThat(affects(r, PackageType.MAVEN, log4j, "2.16.0")).isFalse();
        assertThat(affects(r, PackageType.MAVEN, log4j, "2.13.0")).isTrue();
        assertThat(affects(r, PackageType.MAVEN, log4j, "2.12.1")).isTrue(); // third range: 2.4 until 2.12.2
        assertThat(affects(r, PackageType.MAVEN, log4j, "2.12.2")).isFalse();
        assertThat(affects(r, PackageType.MAVEN, log4j, "2.3.0")).isTrue();
        assertThat(affects(r, PackageType.MAVEN, log4j, "2.3.1")).isFalse();

        OsvRecord open = load("GHSA-fp5r-v3w9-4333"); // introduced 1.2.0, never fixed
        assertThat(affects(open, PackageType.MAVEN, "log4j:log4j", "1.2.17")).isTrue();
        assertThat(affects(open, PackageType.MAVEN, "log4j:log4j", "1.1.3")).isFalse();
    }

    @Test
    void ghsaPyPiCratesNuGetGo() throws IOException {
        OsvRecord requests = load("GHSA-j8r2-6x86-q33q");
        assertThat(affects(requests, PackageType.PYPI, "requests", "2.30.0")).isTrue();
        assertThat(affects(requests, PackageType.PYPI, "requests", "2.31.0")).isFalse();
        assertThat(affects(requests, PackageType.PYPI, "requests", "2.2.1")).isFalse();
        assertThat(affects(requests, PackageType.PYPI, "Requests", "2.30.0")).isTrue(); // PEP 503 names

        OsvRecord tokio = load("GHSA-fg7r-2g4j-5cgr");
        assertThat(tokio.affected().get(0).pkg().ecosystem().type()).isEqualTo(PackageType.CARGO);
        assertThat(affects(tokio, PackageType.CARGO, "tokio", "1.8.3")).isTrue();
        assertThat(affects(tokio, PackageType.CARGO, "tokio", "1.8.4")).isFalse();
        assertThat(affects(tokio, PackageType.CARGO, "tokio", "1.9.0")).isTrue();
        assertThat(affects(tokio, PackageType.CARGO, "tokio", "1.13.1")).isFalse();

        OsvRecord stj = load("GHSA-hh2w-p6rv-4g7w");
        assertThat(affects(stj, PackageType.NUGET, "System.Text.Json", "8.0.3")).isTrue();
        assertThat(affects(stj, PackageType.NUGET, "system.text.json", "8.0.3")).isTrue();
        assertThat(affects(stj, PackageType.NUGET, "System.Text.Json", "8.0.4")).isFalse();
        assertThat(affects(stj, PackageType.NUGET, "System.Text.Json", "6.0.9")).isFalse();

        OsvRecord jwt = load("GHSA-w73w-5m7g-f7qc"); // last_affected is inclusive
        assertThat(affects(jwt, PackageType.GOLANG, "github.com/dgrijalva/jwt-go", "3.2.0+incompatible")).isTrue();
        assertThat(affects(jwt, PackageType.GOLANG, "github.com/dgrijalva/jwt-go", "3.2.0")).isTrue();
        assertThat(affects(jwt, PackageType.GOLANG, "github.com/dgrijalva/jwt-go", "3.2.1")).isFalse();
    }

    @Test
    void directoryOfRecords() {
        List<OsvRecord> got = new ArrayList<>();
        OsvReadSummary s = parser.readDirectory(fixtures(), got::add);
        assertThat(s).isEqualTo(new OsvReadSummary(13, 0));
        assertThat(got).extracting(OsvRecord::id).contains("DSA-3029-1", "GO-2022-0603", "GHSA-jfh8-c2jp-5v3q");
        assertThat(parser.warnings().list()).isEmpty();
    }

    @Test
    void allZipBuiltFromTheFixtures() throws IOException {
        Map<String, byte[]> entries = new TreeMap<>();
        try (Stream<Path> files = Files.list(fixtures())) {
            files.filter(p -> p.toString().endsWith(".json")).forEach(p -> {
                try {
                    entries.put(p.getFileName().toString(), Files.readAllBytes(p));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        List<OsvRecord> got = new ArrayList<>();
        OsvReadSummary s = parser.readZip(new ByteArrayInputStream(zip(entries)), got::add);
        assertThat(s).isEqualTo(new OsvReadSummary(13, 0));
        // osv.dev names each entry after its record
        assertThat(got).extracting(r -> r.id() + ".json").containsExactlyElementsOf(entries.keySet());
    }

    static byte[] zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return out.toByteArray();
    }

    static InputStream stream(byte[] b) {
        return new ByteArrayInputStream(b);
    }
}
