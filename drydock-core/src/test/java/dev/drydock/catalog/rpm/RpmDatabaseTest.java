package dev.drydock.catalog.rpm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drydock.catalog.rpm.RpmTestFiles.ExpectedPackage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.drydock.catalog.rpm.RpmTestFiles.LIBUUID;
import static dev.drydock.catalog.rpm.RpmTestFiles.MARINER;
import static dev.drydock.catalog.rpm.RpmTestFiles.SLE15;
import static dev.drydock.catalog.rpm.RpmTestFiles.SYFT_DIVE;
import static dev.drydock.catalog.rpm.RpmTestFiles.fixture;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads each real database and compares every field of every package, and every file path, with what
 * Debian's rpm printed for the same file (see fixtures/rpm/SOURCES.md for how).
 */
class RpmDatabaseTest {

    @ParameterizedTest(name = "{1}")
    @CsvSource({
            LIBUUID + ", bdb-libuuid, 1, 7",
            SYFT_DIVE + ", bdb-syft-dive, 1, 1",
            SLE15 + ", ndb-sle15-bci, 35, 2837",
            MARINER + ", sqlite-cbl-mariner-2.0, 129, 7269",
    })
    void readsEveryPackageAsRpmDoes(String path, String expectedName, int packages, int files) throws Exception {
        List<String> problems = new ArrayList<>();
        List<RpmDatabase.Installed> read = RpmDatabase.read(fixture(path), new Problems(problems::add), new Budget());

        List<ExpectedPackage> expected = RpmTestFiles.expectedPackages(expectedName);
        assertThat(expected).hasSize(packages);
        assertThat(read).map(RpmDatabaseTest::asRpmPrintsIt).containsExactlyElementsOf(expected);

        Map<Long, List<String>> expectedFiles = RpmTestFiles.expectedFiles(expectedName);
        assertThat(expectedFiles.values().stream().mapToInt(List::size).sum()).isEqualTo(files);
        for (RpmDatabase.Installed p : read) {
            assertThat(p.info().files()).as("files of %s", p.info().name())
                    .containsExactlyElementsOf(expectedFiles.getOrDefault(p.number(), List.of()));
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void stopsAtThePackageBudget() throws Exception {
        List<String> problems = new ArrayList<>();
        List<RpmDatabase.Installed> read = RpmDatabase.read(fixture(SLE15), new Problems(problems::add), new Budget(2, 1000, 100_000));

        assertThat(read).map(p -> p.info().name()).containsExactly("system-user-root", "filesystem");
        assertThat(problems).containsExactly("more than 2 packages (the most one database may list); the rest left out");
    }

    @Test
    void readsEpochWhereThePackageHasOne() throws Exception {
        List<RpmDatabase.Installed> read = RpmDatabase.read(fixture(MARINER), new Problems(m -> {
        }), new Budget());
        RpmPackageInfo tools = read.stream().map(RpmDatabase.Installed::info)
                .filter(p -> p.name().equals("ca-certificates-tools")).findFirst().orElseThrow();
        assertThat(tools.epoch()).isEqualTo(1L);
        assertThat(tools.fullVersion()).isEqualTo("1:2.0.0-1.cm2");
        RpmPackageInfo bash = read.stream().map(RpmDatabase.Installed::info)
                .filter(p -> p.name().equals("bash")).findFirst().orElseThrow();
        assertThat(bash.epoch()).isNull();
        assertThat(bash.fullVersion()).isEqualTo("5.1.8-1.cm2");
    }

    /** curl.json is go-rpmdb's own reading of the same database: a second, independent view. */
    @Test
    void readsCurlAsGoRpmdbDoes() throws Exception {
        JsonNode curl = new ObjectMapper().readTree(fixture("sqlite/cbl-mariner-2.0/curl.json"));
        RpmPackageInfo info = RpmDatabase.read(fixture(MARINER), new Problems(m -> {
                }), new Budget()).stream()
                .map(RpmDatabase.Installed::info).filter(p -> p.name().equals("curl")).findFirst().orElseThrow();

        assertThat(info.version()).isEqualTo(curl.get("Version").asText());
        assertThat(info.release()).isEqualTo(curl.get("Release").asText());
        assertThat(info.epoch()).isNull();
        assertThat(info.arch()).isEqualTo(curl.get("Arch").asText());
        assertThat(info.sourceRpm()).isEqualTo(curl.get("SourceRpm").asText());
        assertThat(info.license()).isEqualTo(curl.get("License").asText());
        assertThat(info.vendor()).isEqualTo("Microsoft Corporation").isEqualTo(curl.get("Vendor").asText());
        assertThat(info.size()).isEqualTo(326023L).isEqualTo(curl.get("Size").asLong());
        List<String> files = new ArrayList<>();
        for (int i = 0; i < curl.get("BaseNames").size(); i++) {
            files.add(curl.get("DirNames").get(curl.get("DirIndexes").get(i).asInt()).asText()
                    + curl.get("BaseNames").get(i).asText());
        }
        assertThat(info.files()).containsExactlyElementsOf(files).containsExactly(
                "/usr/bin/curl",
                "/usr/bin/curl-config",
                "/usr/share/licenses/curl",
                "/usr/share/licenses/curl/COPYING",
                "/usr/share/man/man1/curl-config.1.gz",
                "/usr/share/man/man1/curl.1.gz");
    }

    private static ExpectedPackage asRpmPrintsIt(RpmDatabase.Installed p) {
        RpmPackageInfo i = p.info();
        return new ExpectedPackage(p.number(), i.name(), i.epoch() == null ? "" : i.epoch().toString(), i.version(),
                i.release(), i.arch(), nullToEmpty(i.sourceRpm()), nullToEmpty(i.license()));
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
