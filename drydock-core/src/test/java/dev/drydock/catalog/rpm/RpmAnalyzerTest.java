package dev.drydock.catalog.rpm;

import dev.drydock.catalog.FileResult;
import dev.drydock.catalog.RpmAnalyzer;
import dev.drydock.catalog.rpm.RpmTestFiles.ExpectedPackage;
import dev.drydock.catalog.rpm.RpmTestFiles.HeaderBuilder;
import dev.drydock.catalog.rpm.RpmTestFiles.Outcome;
import dev.drydock.model.Package;
import dev.drydock.model.PackageType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.drydock.catalog.rpm.RpmTestFiles.LIBUUID;
import static dev.drydock.catalog.rpm.RpmTestFiles.MARINER;
import static dev.drydock.catalog.rpm.RpmTestFiles.SLE15;
import static dev.drydock.catalog.rpm.RpmTestFiles.SYFT_DIVE;
import static dev.drydock.catalog.rpm.RpmTestFiles.analyze;
import static dev.drydock.catalog.rpm.RpmTestFiles.fixture;
import static org.assertj.core.api.Assertions.assertThat;

class RpmAnalyzerTest {

    private final RpmAnalyzer analyzer = new RpmAnalyzer();

    @ParameterizedTest
    @ValueSource(strings = {
            "var/lib/rpm/Packages", "var/lib/rpm/Packages.db", "var/lib/rpm/rpmdb.sqlite",
            "usr/lib/sysimage/rpm/Packages", "usr/lib/sysimage/rpm/Packages.db", "usr/lib/sysimage/rpm/rpmdb.sqlite"})
    void wantsEveryPlaceRpmKeepsItsDatabase(String path) {
        assertThat(analyzer.wants(path)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/var/lib/rpm/Packages", "var/lib/rpm/Name", "var/lib/rpm/rpmdb.sqlite-wal", "var/lib/rpm/__db.001",
            "var/lib/dpkg/status", "opt/var/lib/rpm/Packages", "var/lib/rpmmanifest/container-manifest-2"})
    void ignoresOtherFiles(String path) {
        assertThat(analyzer.wants(path)).isFalse();
    }

    @Test
    void isNamedRpm() {
        assertThat(analyzer.name()).isEqualTo("rpm");
    }

    /** Every package of every fixture, each field derived independently from what rpm printed. */
    @ParameterizedTest(name = "{1}")
    @CsvSource({
            LIBUUID + ", bdb-libuuid, var/lib/rpm/Packages",
            SYFT_DIVE + ", bdb-syft-dive, var/lib/rpm/Packages",
            SLE15 + ", ndb-sle15-bci, usr/lib/sysimage/rpm/Packages.db",
            MARINER + ", sqlite-cbl-mariner-2.0, var/lib/rpm/rpmdb.sqlite",
    })
    void returnsOnePackagesResultWithEveryInstalledPackage(String fixture, String expectedName, String path) {
        Outcome out = analyze(path, fixture(fixture));

        Map<Long, List<String>> files = RpmTestFiles.expectedFiles(expectedName);
        List<Package> expected = new ArrayList<>();
        for (ExpectedPackage e : RpmTestFiles.expectedPackages(expectedName)) {
            expected.add(expectedPackage(e, files.getOrDefault(e.number(), List.of()), path));
        }
        assertThat(out.results()).hasSize(1).first().isInstanceOf(FileResult.Packages.class);
        assertThat(out.packages()).containsExactlyElementsOf(expected);
        assertThat(out.warnings()).isEmpty();
    }

    @Test
    void describesBerkeleyDbPackageCompletely() {
        Package p = analyze("var/lib/rpm/Packages", fixture(LIBUUID)).packages().get(0);
        assertThat(p).isEqualTo(new Package(PackageType.RPM, "libuuid", "2.32.1-42.el8_8", "x86_64",
                "util-linux", "2.32.1-42.el8_8", List.of("BSD"), null, null, "var/lib/rpm/Packages", List.of(
                "/usr/lib/.build-id",
                "/usr/lib/.build-id/df/ef6a880adac817216ab9866779a0725e017647",
                "/usr/lib64/libuuid.so.1",
                "/usr/lib64/libuuid.so.1.3.0",
                "/usr/share/licenses/libuuid",
                "/usr/share/licenses/libuuid/COPYING",
                "/usr/share/licenses/libuuid/COPYING.BSD-3")));
    }

    @Test
    void putsTheEpochInTheVersionButNotInTheSourceVersion() {
        Package p = packageNamed(analyze("var/lib/rpm/rpmdb.sqlite", fixture(MARINER)), "ca-certificates-tools");
        assertThat(p.version()).isEqualTo("1:2.0.0-1.cm2");
        assertThat(p.sourceName()).isEqualTo("ca-certificates");
        assertThat(p.sourceVersion()).isEqualTo("2.0.0-1.cm2");
        assertThat(p.arch()).isEqualTo("noarch");
    }

    @Test
    void takesSourceNameAndVersionFromTheSourceRpm() {
        Outcome out = analyze("usr/lib/sysimage/rpm/Packages.db", fixture(SLE15));
        Package gcc = packageNamed(out, "libstdc++6");
        assertThat(gcc.version()).isEqualTo("11.2.1+git610-1.3.9");
        assertThat(gcc.sourceName()).isEqualTo("gcc11");
        assertThat(gcc.sourceVersion()).isEqualTo("11.2.1+git610-1.3.9");
        assertThat(gcc.licenses()).containsExactly("GPL-3.0-or-later WITH GCC-exception-3.1");
        Package readline = packageNamed(out, "libreadline7");
        assertThat(readline.version()).isEqualTo("7.0-19.6.1");
        assertThat(readline.sourceName()).isEqualTo("bash");
        assertThat(readline.sourceVersion()).isEqualTo("4.4-19.6.1");
        assertThat(readline.purl()).isNull();
        assertThat(readline.layerDiffId()).isNull();
    }

    @Test
    void detectsTheFormatFromTheBytesNotTheName() {
        // An SQLite database where an older rpm would have kept BerkeleyDB, and ndb under the SQLite name.
        assertThat(analyze("var/lib/rpm/Packages", fixture(MARINER)).packages()).hasSize(129);
        assertThat(analyze("var/lib/rpm/rpmdb.sqlite", fixture(SLE15)).packages()).hasSize(35);
        assertThat(analyze("usr/lib/sysimage/rpm/Packages.db", fixture(LIBUUID)).names()).containsExactly("libuuid");
    }

    @Test
    void skipsGpgPubkeyRecords() {
        byte[] key = new HeaderBuilder().string(RpmHeader.NAME, "gpg-pubkey").string(RpmHeader.VERSION, "fd431d51")
                .string(RpmHeader.RELEASE, "4ae0493b").string(RpmHeader.LICENSE, "pubkey").build();
        byte[] pkg = new HeaderBuilder().pkg("bash", "5.1.8", "1.cm2")
                .string(RpmHeader.SOURCERPM, "bash-5.1.8-1.cm2.src.rpm").build();

        Outcome out = analyze("var/lib/rpm/Packages.db", RpmTestFiles.ndb(List.of(key, pkg, key)));

        assertThat(out.names()).containsExactly("bash");
        assertThat(out.warnings()).isEmpty();
    }

    @Test
    void readsHeadersFromBeforeCompressedFileNames() {
        byte[] old = new HeaderBuilder().pkg("setup", "2.5.58", "9")
                .strings(RpmHeader.OLDFILENAMES, "/etc/passwd", "/etc/group").build();

        Package p = analyze("var/lib/rpm/Packages.db", RpmTestFiles.ndb(List.of(old))).packages().get(0);

        assertThat(p.files()).containsExactly("/etc/passwd", "/etc/group");
        assertThat(p.sourceName()).isNull();
        assertThat(p.licenses()).isEmpty();
    }

    @Test
    void treatsAnEmptyFileAsAnEmptyDatabase() {
        Outcome out = analyze("var/lib/rpm/Packages", new byte[0]);
        assertThat(out.results()).containsExactly(new FileResult.Packages(List.of()));
        assertThat(out.warnings()).isEmpty();
    }

    @Test
    void warnsAndReturnsNothingForAFileInNoKnownFormat() {
        Outcome out = analyze("var/lib/rpm/Packages", "this is not a database, just text\n".repeat(40).getBytes());
        assertThat(out.results()).isEmpty();
        assertThat(out.warnings()).singleElement().asString()
                .startsWith("rpm database var/lib/rpm/Packages: not an rpm database in any known format");
    }

    @Test
    void keepsPackagesOfAnEmptyDatabaseEmptyWithoutWarning() {
        Outcome out = analyze("var/lib/rpm/Packages.db", RpmTestFiles.ndb(List.of()));
        assertThat(out.results()).containsExactly(new FileResult.Packages(List.of()));
        assertThat(out.warnings()).isEmpty();
    }

    private static Package packageNamed(Outcome out, String name) {
        return out.packages().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    private static final Pattern SOURCE_RPM = Pattern.compile("(.+)-([^-]+-[^-]+)\\.src\\.rpm");

    private static Package expectedPackage(ExpectedPackage e, List<String> files, String path) {
        String version = (e.epoch().isEmpty() ? "" : e.epoch() + ":") + e.version() + "-" + e.release();
        Matcher m = SOURCE_RPM.matcher(e.sourceRpm());
        assertThat(m.matches()).as("source rpm %s", e.sourceRpm()).isTrue();
        List<String> licenses = e.license().isEmpty() ? List.of() : List.of(e.license());
        return new Package(PackageType.RPM, e.name(), version, e.arch(), m.group(1), m.group(2), licenses,
                null, null, path, files);
    }
}
