package dev.drydock.vulndb.alpine;

import dev.drydock.catalog.Warnings;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;

import static org.assertj.core.api.Assertions.assertThat;

class AlpineSecdbFixtureTest {
    private final Warnings warnings = new Warnings();
    private final AlpineSecdbParser parser = new AlpineSecdbParser(AlpineSecdbLimits.DEFAULT, warnings);

    private AlpineSecdb fixture(String name) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/fixtures/alpine-secdb/" + name)) {
            return parser.read(in);
        }
    }

    private static AlpineSecfix find(AlpineSecdb db, String pkg, String version) {
        return db.fixes().stream().filter(f -> f.packageName().equals(pkg) && f.fixedVersion().equals(version))
                .findFirst().orElseThrow();
    }

    @Test
    void main() throws IOException {
        AlpineSecdb db = fixture("v3.15-main.json");
        assertThat(db.release()).isEqualTo("3.15");
        assertThat(db.repository()).isEqualTo("main");
        // xz 1, zeromq 3, zlib 2, zsh 3, zstd 3
        assertThat(db.fixes()).hasSize(12);
        assertThat(find(db, "xz", "5.2.5-r1").vulnerabilityIds()).containsExactly("CVE-2022-1271");
        assertThat(find(db, "zlib", "1.2.12-r2").vulnerabilityIds()).containsExactly("CVE-2022-37434");
        AlpineSecfix zsh = find(db, "zsh", "5.4.2-r1");
        assertThat(zsh.vulnerabilityIds()).containsExactly("CVE-2018-1083", "CVE-2018-1071");
        assertThat(zsh.release()).isEqualTo("3.15");
        assertThat(zsh.repository()).isEqualTo("main");
        assertThat(zsh.notAffected()).isFalse();
        assertThat(find(db, "zstd", "1.4.9-r0").vulnerabilityIds()).containsExactly("CVE-2021-24032");
        assertThat(warnings.list()).isEmpty();
    }

    @Test
    void community() throws IOException {
        AlpineSecdb db = fixture("v3.15-community.json");
        assertThat(db.repository()).isEqualTo("community");
        assertThat(db.fixes()).extracting(AlpineSecfix::packageName, AlpineSecfix::fixedVersion)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("advancecomp", "2.1-r2"),
                        org.assertj.core.groups.Tuple.tuple("alpine", "2.23-r0"),
                        org.assertj.core.groups.Tuple.tuple("alpine", "2.25-r0"));
        assertThat(find(db, "alpine", "2.25-r0").vulnerabilityIds()).containsExactly("CVE-2021-38370");
    }

    @Test
    void versionZeroMeansNeverAffectedAndIdListsAreSplit() {
        AlpineSecdb db = parser.parse("""
                {"distroversion": "edge", "reponame": "main", "packages": [
                  {"pkg": {"name": "xen", "secfixes": {
                    "0": ["CVE-2020-0001"],
                    "4.16.1-r0": ["CVE-2022-23033 XSA-393", "CVE-2022-23033"]}}},
                  {"pkg": {"name": "empty"}}]}""".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(db.release()).isEqualTo("edge");
        assertThat(find(db, "xen", "0").notAffected()).isTrue();
        assertThat(find(db, "xen", "4.16.1-r0").vulnerabilityIds()).containsExactly("CVE-2022-23033", "XSA-393");
        assertThat(warnings.list()).isEmpty();
    }
}
