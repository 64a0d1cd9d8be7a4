package dev.drydock.match;

import dev.drydock.catalog.FileResult;
import dev.drydock.catalog.OsReleaseAnalyzer;
import dev.drydock.catalog.Warnings;
import dev.drydock.match.DistroLifecycle.Release;
import dev.drydock.model.OsRelease;
import dev.drydock.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class DistroLifecycleTest {

    /** Identifies a fixture root the way the cataloger does: every os-release-ish file, then resolve. */
    private static OsRelease identify(String fixture) throws IOException {
        OsReleaseAnalyzer analyzer = new OsReleaseAnalyzer();
        Path root = Fixtures.path("os-release/" + fixture);
        List<FileResult.OsFound> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String rel = root.relativize(f).toString();
                if (!analyzer.wants(rel)) continue;
                for (FileResult r : analyzer.analyze(rel, Files.readAllBytes(f), new Warnings())) found.add((FileResult.OsFound) r);
            }
        }
        return OsReleaseAnalyzer.resolve(found);
    }

    private static OsRelease os(String id, String versionId, String codename, String pretty) {
        return new OsRelease(id, versionId, codename, pretty, null);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
            "debian, debian:8",
            "debian-point-release, debian:13",
            "debian-from-debian_version, debian:10", // distroless: version borrowed from /etc/debian_version
            "debian-sid, debian:unstable",
            "ubuntu, ubuntu:20.04",
            "alpine, alpine:3.11",
            "alpine-release-file, alpine:3.11",
    })
    void namespacesOfTheOsReleaseFixtures(String fixture, String namespace) throws IOException {
        OsRelease os = identify(fixture);
        assertThat(DistroLifecycle.namespace(os)).contains(namespace);
        assertThat(DistroLifecycle.of(os)).map(Release::namespace).contains(namespace);
    }

    /** drydock has no vulnerability data for these yet: "unknown", never a guess. */
    @ParameterizedTest
    @CsvSource({"redhat", "centos", "centos5", "centos6", "centos-release-file", "rockylinux", "almalinux", "amazon",
            "sles", "opensuse-leap", "wolfi", "chainguard", "arch", "gentoo", "mariner", "azurelinux", "minimos",
            "hummingbird", "postmarketos"})
    void otherDistributionsAreUnknown(String fixture) throws IOException {
        OsRelease os = identify(fixture);
        assertThat(os).isNotNull();
        assertThat(DistroLifecycle.namespace(os)).isEmpty();
        assertThat(DistroLifecycle.of(os)).isEmpty();
    }

    @Test
    void fixturesAgainstTheirDates() throws IOException {
        Release jessie = DistroLifecycle.of(identify("debian")).orElseThrow();
        assertThat(jessie.codename()).isEqualTo("jessie");
        assertThat(jessie.regularSupportEnd()).isEqualTo(LocalDate.of(2018, 6, 17));
        assertThat(jessie.endOfLife()).isEqualTo(LocalDate.of(2020, 6, 30)); // end of LTS
        assertThat(jessie.isEndOfLife(LocalDate.of(2020, 6, 30))).isFalse(); // the last day is still supported
        assertThat(jessie.isEndOfLife(LocalDate.of(2020, 7, 1))).isTrue();

        Release focal = DistroLifecycle.of(identify("ubuntu")).orElseThrow();
        assertThat(focal.codename()).isEqualTo("focal");
        assertThat(focal.endOfLife()).isEqualTo(LocalDate.of(2025, 5, 29)); // standard support
        assertThat(focal.extendedSupportEnd()).isEqualTo(LocalDate.of(2030, 4, 23)); // ESM
        assertThat(focal.isEndOfLife(LocalDate.of(2026, 1, 1))).isTrue();

        Release alpine311 = DistroLifecycle.of(identify("alpine")).orElseThrow();
        assertThat(alpine311.endOfLife()).isEqualTo(LocalDate.of(2021, 11, 1));
        assertThat(alpine311.isEndOfLife(LocalDate.of(2021, 10, 31))).isFalse();

        Release sid = DistroLifecycle.of(identify("debian-sid")).orElseThrow();
        assertThat(sid.rolling()).isTrue();
        assertThat(sid.endOfLife()).isNull();
        assertThat(sid.isEndOfLife(LocalDate.of(2099, 1, 1))).isFalse();
        assertThat(sid.warning()).hasValueSatisfying(w -> assertThat(w).startsWith("rolling"));
    }

    @ParameterizedTest(name = "{0} {1} codename={2} pretty={3} → {4}")
    @CsvSource(nullValues = "-", value = {
            "debian, 12.5, -, -, debian:12",
            "debian, 12, bookworm, Debian GNU/Linux 12 (bookworm), debian:12",
            "debian, 6.0, -, -, debian:6",
            "debian, -, -, Debian GNU/Linux trixie/sid, debian:unstable",
            "debian, -, sid, -, debian:unstable",
            "debian, -, forky, Debian GNU/Linux forky/sid, debian:unstable", // testing: indistinguishable from sid
            "debian, -, -, Distroless, -",
            "debian, twelve, -, -, -",
            "ubuntu, 22.04, jammy, -, ubuntu:22.04",
            "ubuntu, 14.04, trusty, -, ubuntu:14.04",
            "ubuntu, 12.04, precise, -, ubuntu:12.04", // not in the table, still a namespace
            "ubuntu, -, noble, -, ubuntu:24.04",
            "ubuntu, 22.04.3, -, -, ubuntu:22.04",
            "ubuntu, 2204, -, -, -",
            "alpine, 3.19.1, -, Alpine Linux v3.19, alpine:3.19",
            "alpine, 3.9.6, -, -, alpine:3.9",
            "alpine, 3.20.0_alpha20240329, -, Alpine Linux edge, alpine:edge",
            "alpine, 3.21.0_alpha20240807, -, -, alpine:edge",
            "alpine, edge, -, -, alpine:edge",
            "alpine, -, -, -, -",
            "alpine, 3, -, -, -",
            "alpine, 3.19.1; rm -rf /, -, -, -",
            "rhel, 9.4, -, Red Hat Enterprise Linux 9.4 (Plow), -",
            "fedora, 40, -, -, -",
    })
    void namespaceMapping(String id, String versionId, String codename, String pretty, String expected) {
        assertThat(DistroLifecycle.namespace(os(id, versionId, codename, pretty))).isEqualTo(java.util.Optional.ofNullable(expected));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "-", value = {
            // namespace, codename, endOfLife, regularSupportEnd, extendedSupportEnd
            "debian:7, wheezy, 2018-05-31, 2016-04-25, -",
            "debian:9, stretch, 2022-06-30, 2020-07-18, -",
            "debian:10, buster, 2024-06-30, 2022-09-10, -",
            "debian:11, bullseye, 2026-08-31, 2024-08-14, -",
            "debian:12, bookworm, 2028-06-30, 2026-07-11, -",
            "debian:13, trixie, 2030-06-30, 2028-08-09, -",
            "debian:14, forky, -, -, -",
            "ubuntu:14.04, trusty, 2019-04-25, 2019-04-25, 2024-04-25",
            "ubuntu:16.04, xenial, 2021-04-30, 2021-04-30, 2026-04-23",
            "ubuntu:18.04, bionic, 2023-05-31, 2023-05-31, 2028-04-26",
            "ubuntu:22.04, jammy, 2027-06-01, 2027-06-01, 2032-04-21",
            "ubuntu:23.10, mantic, 2024-07-11, 2024-07-11, -",
            "ubuntu:24.04, noble, 2029-05-31, 2029-05-31, 2034-04-25",
            "ubuntu:25.10, questing, 2026-07-09, 2026-07-09, -",
            "alpine:3.10, -, 2021-05-01, 2021-05-01, -",
            "alpine:3.16, -, 2024-05-23, 2024-05-23, -",
            "alpine:3.19, -, 2025-11-01, 2025-11-01, -",
            "alpine:3.23, -, 2027-11-01, 2027-11-01, -",
    })
    void tableDates(String namespace, String codename, LocalDate eol, LocalDate regular, LocalDate extended) {
        Release r = DistroLifecycle.known().get(namespace);
        assertThat(r).as(namespace).isNotNull();
        assertThat(r.codename()).isEqualTo(codename);
        assertThat(r.endOfLife()).isEqualTo(eol);
        assertThat(r.regularSupportEnd()).isEqualTo(regular);
        assertThat(r.extendedSupportEnd()).isEqualTo(extended);
        assertThat(r.rolling()).isFalse();
    }

    @Test
    void tableCoversTheAdvertisedRanges() {
        var known = DistroLifecycle.known();
        for (int v = 7; v <= 14; v++) assertThat(known).containsKey("debian:" + v);
        for (int minor = 10; minor <= 23; minor++) assertThat(known).containsKey("alpine:3." + minor);
        for (int year = 14; year <= 25; year++) {
            assertThat(known).containsKey("ubuntu:" + year + ".04");
            assertThat(known).containsKey("ubuntu:" + year + ".10");
        }
        assertThat(known).containsKeys("ubuntu:26.04", "debian:unstable", "alpine:edge");
        assertThat(known).doesNotContainKeys("debian:6", "alpine:3.9", "ubuntu:12.04");
        for (Release r : known.values()) {
            // Invariants that catch a mistyped date: support ends in order, and rolling means no dates.
            if (r.rolling()) {
                assertThat(r.endOfLife()).isNull();
                continue;
            }
            if (r.endOfLife() == null) {
                assertThat(r.warning()).isPresent();
                continue;
            }
            assertThat(r.regularSupportEnd()).isBeforeOrEqualTo(r.endOfLife());
            if (r.extendedSupportEnd() != null) assertThat(r.extendedSupportEnd()).isAfter(r.endOfLife());
            assertThat(r.warning()).isEmpty();
        }
        // Each LTS Ubuntu gets five years of standard support, then ESM to ten years.
        for (String lts : List.of("14.04", "16.04", "18.04", "20.04", "22.04", "24.04", "26.04")) {
            Release r = known.get("ubuntu:" + lts);
            assertThat(r.extendedSupportEnd()).as(lts).isNotNull();
            assertThat(r.endOfLife().getYear()).isEqualTo(2000 + Integer.parseInt(lts.substring(0, 2)) + 5);
        }
    }

    @Test
    void unknownReleasesOfKnownDistributionsHaveANamespaceButNoLifecycle() {
        OsRelease squeeze = os("debian", "6.0.10", null, null);
        assertThat(DistroLifecycle.namespace(squeeze)).contains("debian:6");
        assertThat(DistroLifecycle.of(squeeze)).isEmpty();
        assertThat(DistroLifecycle.of(null)).isEmpty();
        assertThat(DistroLifecycle.of(os("alpine", "3.24.0", null, null))).isEmpty(); // future branch: unknown, not "supported"
    }
}
