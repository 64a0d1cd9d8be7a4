package dev.drydock.policy;

import dev.drydock.image.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrivyIgnoreYamlParserTest {
    private final List<String> warnings = new ArrayList<>();

    private List<IgnoreRule> parse(String yaml) {
        return IgnoreFiles.parse(".trivyignore.yaml", yaml.getBytes(StandardCharsets.UTF_8), warnings::add);
    }

    @Test
    void readsEveryFieldWithTheEntrysLine() {
        List<IgnoreRule> rules = parse("""
                vulnerabilities:
                  - id: CVE-2022-40897
                    paths:
                      - "usr/local/lib/python3.9/site-packages/setuptools-58.1.0.dist-info/METADATA"
                    statement: Accept the risk
                  - id: CVE-2023-3817
                    purls:
                      - "pkg:deb/debian/libssl1.1"
                      - "pkg:deb/debian/openssl@1.1.1n-0+deb11u5?arch=amd64"
                    expired_at: 2024-08-20
                  - id: CVE-2020-15114
                    expired_at: 2024-8-5
                    statement: "Review in 6 months"
                  - id: CVE-2021-1
                    expired_at: 2025-01-31T12:00:00Z
                misconfigurations:
                  - id: AVD-AWS-0031
                secrets:
                licenses:
                  - id: GPL-3.0
                """);
        assertThat(rules).extracting(IgnoreRule::vulnerabilityId)
                .containsExactly("CVE-2022-40897", "CVE-2023-3817", "CVE-2020-15114", "CVE-2021-1");
        assertThat(rules).extracting(IgnoreRule::origin)
                .containsExactly(".trivyignore.yaml:2", ".trivyignore.yaml:6", ".trivyignore.yaml:11", ".trivyignore.yaml:14");
        assertThat(rules.get(0).paths()).containsExactly("usr/local/lib/python3.9/site-packages/setuptools-58.1.0.dist-info/METADATA");
        assertThat(rules.get(0).statement()).isEqualTo("Accept the risk");
        assertThat(rules.get(1).purls()).hasSize(2);
        assertThat(rules.get(1).expires()).isEqualTo(LocalDate.of(2024, 8, 20));
        assertThat(rules.get(2).expires()).isEqualTo(LocalDate.of(2024, 8, 5));
        assertThat(rules.get(3).expires()).isEqualTo(LocalDate.of(2025, 1, 31));
        // misconfigurations and licenses have entries and are named; the empty 'secrets' is not worth a warning
        assertThat(warnings).hasSize(2);
        assertThat(warnings.get(0)).contains("misconfigurations").contains(":16:");
        assertThat(warnings.get(1)).contains("licenses");
    }

    @Test
    void idMayBeLeftOutWhenPurlsOrPathsNameTheScope() {
        List<IgnoreRule> rules = parse("""
                vulnerabilities:
                  - purls: ["pkg:deb/ubuntu/linux-libc-dev"]
                    statement: Kernel headers, not exercised at runtime
                  - paths: ["vendor/**"]
                """);
        assertThat(rules).extracting(IgnoreRule::vulnerabilityId).containsOnlyNulls();
        assertThat(rules.get(1).paths()).containsExactly("vendor/**");
    }

    @Test
    void anEntryThatWouldIgnoreEverythingIsRefused() {
        assertThatThrownBy(() -> parse("vulnerabilities:\n  - statement: all of it\n"))
                .isInstanceOf(BadInputException.class)
                .hasMessage(".trivyignore.yaml:2: entry has no 'id', 'purls' or 'paths'; it would ignore everything");
    }

    @Test
    void emptyDocumentsIgnoreNothing() {
        assertThat(parse("")).isEmpty();
        assertThat(parse("# nothing\n")).isEmpty();
        assertThat(parse("vulnerabilities:\n")).isEmpty();
        assertThat(parse("vulnerabilities: []\n")).isEmpty();
    }

    @Test
    void unknownKeysAreWarnedAboutNotFatal() {
        List<IgnoreRule> rules = parse("vulnerabilities:\n  - id: CVE-1\n    reason: typo for statement\nextra: 1\n");
        assertThat(rules).hasSize(1);
        assertThat(warnings).anyMatch(w -> w.contains("unknown key 'reason'")).anyMatch(w -> w.contains("unknown section 'extra'"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "vulnerabilities: CVE-1                                        | :1: 'vulnerabilities' must be a list",
            "- id: CVE-1                                                   | :1: the top level must be a mapping",
            "vulnerabilities:\\n  - CVE-1                                  | :2: each entry of 'vulnerabilities' must be a mapping",
            "vulnerabilities:\\n  - id: [CVE-1]                            | :2: 'id' must be a single value, not a list",
            "vulnerabilities:\\n  - id: CVE-1\\n    purls: pkg:deb/debian/x | :3: 'purls' must be a list of strings",
            "vulnerabilities:\\n  - id: CVE-1\\n    paths: [[a]]           | :3: 'paths' must be a list of strings",
            "vulnerabilities:\\n  - id: CVE-1\\n    expired_at: 20240101   | :3: 'expired_at' value '20240101' is not a date",
            "vulnerabilities:\\n  - id: CVE-1\\n    expired_at: 2024-02-30 | :3: 'expired_at' value '2024-02-30' is not a calendar date",
            "vulnerabilities:\\n  - id: CVE-1\\n    expired_at: 01/02/2024 | :3: 'expired_at' value '01/02/2024' is not a date",
            "vulnerabilities:\\n  - id: CVE-1\\n    purls: ['debian/x']    | :2: not a package-url",
            "vulnerabilities:\\n  - id: CVE-1\\n    paths: ['a/[b']        | :2: unclosed '['",
            "vulnerabilities:\\n  - id: CVE-1\\n    id: CVE-2              | :3: malformed YAML: Duplicate field 'id'",
            "vulnerabilities:\\n  - id: 'unterminated                     | malformed YAML",
    })
    void wrongShapesNameFileAndLine(String yaml, String message) {
        assertThatThrownBy(() -> parse(yaml.replace("\\n", "\n")))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(".trivyignore.yaml")
                .hasMessageContaining(message.strip())
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void billionLaughsIsRefusedNotExpanded() {
        StringBuilder y = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        char prev = 'a';
        for (char c = 'b'; c <= 'z'; c++) {
            y.append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 9; i++) y.append(i == 0 ? "" : ",").append('*').append(prev);
            y.append("]\n");
            prev = c;
        }
        y.append("vulnerabilities: *z\n");
        assertThatThrownBy(() -> parse(y.toString())).isInstanceOf(BadInputException.class).hasMessageStartingWith(".trivyignore.yaml");
    }

    @Test
    void anAliasWhereAListBelongsIsATypeErrorNotAnExpansion() {
        assertThatThrownBy(() -> parse("x: &p [\"pkg:deb/debian/a\"]\nvulnerabilities:\n  - id: CVE-1\n    purls: *p\n"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("'purls' must be a list of strings");
    }

    @Test
    void deepNestingIsRefused() {
        String deep = "vulnerabilities:\n  - id: CVE-1\n    x: " + "[".repeat(500) + "]".repeat(500) + "\n";
        assertThatThrownBy(() -> parse(deep)).isInstanceOf(BadInputException.class).hasMessageStartingWith(".trivyignore.yaml");
    }

    @Test
    void ymlExtensionIsYamlToo() {
        List<IgnoreRule> rules = IgnoreFiles.parse("ci/.trivyignore.yml", "vulnerabilities:\n  - id: CVE-9\n".getBytes(StandardCharsets.UTF_8), warnings::add);
        assertThat(rules).singleElement().extracting(IgnoreRule::origin).isEqualTo("ci/.trivyignore.yml:2");
    }
}
