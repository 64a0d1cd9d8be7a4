package dev.drydock.vulndb.debian;

import dev.drydock.catalog.Warnings;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DebianTrackerFixtureTest {
    private final Warnings warnings = new Warnings();
    private final DebianTrackerParser parser = new DebianTrackerParser(DebianTrackerLimits.DEFAULT, warnings);

    private List<DebianTrackerRecord> readFixture() throws IOException {
        List<DebianTrackerRecord> out = new ArrayList<>();
        try (InputStream in = getClass().getResourceAsStream("/fixtures/debian-tracker/debian.json")) {
            DebianTrackerSummary summary = parser.read(in, out::add);
            assertThat(summary.packages()).isEqualTo(6);
            assertThat(summary.skipped()).isZero();
            assertThat(summary.records()).isEqualTo(out.size());
        }
        return out;
    }

    static List<DebianTrackerRecord> read(DebianTrackerParser parser, String json) {
        List<DebianTrackerRecord> out = new ArrayList<>();
        parser.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), out::add);
        return out;
    }

    private static DebianTrackerRecord find(List<DebianTrackerRecord> all, String pkg, String id, String codename) {
        return all.stream()
                .filter(r -> r.sourcePackage().equals(pkg) && r.vulnerabilityId().equals(id) && r.codename().equals(codename))
                .findFirst().orElseThrow();
    }

    @Test
    void readsEveryReleaseOfEveryIssue() throws IOException {
        List<DebianTrackerRecord> all = readFixture();
        // prototypejs 2×4, txt2man 4, backupninja 4, chromium 5, sope 4; chromium-browser has no releases.
        assertThat(all).hasSize(25);
        assertThat(all).noneMatch(r -> r.sourcePackage().equals("chromium-browser"));
        // stretch and jessie are known codenames, so no warning about releases.
        assertThat(warnings.list()).isEmpty();
    }

    @Test
    void fixedVersionAndReleaseNumber() throws IOException {
        List<DebianTrackerRecord> all = readFixture();
        DebianTrackerRecord sope = find(all, "sope", "CVE-2025-53603", "bookworm");
        assertThat(sope.status()).isEqualTo(DebianStatus.FIXED);
        assertThat(sope.fixedVersion()).isEqualTo("5.8.0-1+deb12u1");
        assertThat(sope.release()).isEqualTo("12");
        assertThat(sope.urgency()).isEqualTo(DebianUrgency.NOT_YET_ASSIGNED);
        assertThat(sope.debianBug()).isEqualTo(1108798L);
        assertThat(sope.description()).startsWith("In Alinto SOPE SOGo 2.0.2");

        assertThat(find(all, "sope", "CVE-2025-53603", "trixie").release()).isEqualTo("13");
        assertThat(find(all, "sope", "CVE-2025-53603", "sid").release()).isEqualTo("unstable");
        DebianTrackerRecord bullseye = find(all, "chromium", "CVE-2022-0456", "bullseye");
        assertThat(bullseye.release()).isEqualTo("11");
        assertThat(bullseye.fixedVersion()).isEqualTo("98.0.4758.80-1~deb11u1");
    }

    @Test
    void fixedAtZeroMeansNotAffected() throws IOException {
        DebianTrackerRecord r = find(readFixture(), "prototypejs", "CVE-2007-2383", "buster");
        assertThat(r.status()).isEqualTo(DebianStatus.NOT_AFFECTED);
        assertThat(r.fixedVersion()).isNull();
        assertThat(r.urgency()).isEqualTo(DebianUrgency.UNIMPORTANT);
        assertThat(r.release()).isEqualTo("10");
    }

    @Test
    void urgencyKeepsLevelAndRawText() throws IOException {
        DebianTrackerRecord r = find(readFixture(), "prototypejs", "CVE-2008-7220", "stretch");
        assertThat(r.urgency()).isEqualTo(DebianUrgency.HIGH);
        assertThat(r.urgencyText()).isEqualTo("high**");
        assertThat(find(readFixture(), "txt2man", "CVE-2013-1444", "jessie").urgency()).isEqualTo(DebianUrgency.LOW);
        assertThat(find(readFixture(), "backupninja", "CVE-2005-3111", "sid").fixedVersion()).isEqualTo("0.8-2");
    }

    @Test
    void openInEndOfLifeReleaseIsWillNotFix() throws IOException {
        DebianTrackerRecord r = find(readFixture(), "chromium", "CVE-2022-0456", "buster");
        assertThat(r.status()).isEqualTo(DebianStatus.WILL_NOT_FIX);
        assertThat(r.urgency()).isEqualTo(DebianUrgency.END_OF_LIFE);
        assertThat(r.fixedVersion()).isNull();
    }

    @Test
    void openNoDsaAndUndeterminedMapping() {
        String json = """
                {"openssl": {
                  "CVE-2099-0001": {"releases": {
                    "bookworm": {"status": "open", "urgency": "low", "nodsa": "Minor issue", "nodsa_reason": "",
                                 "repositories": {"bookworm": "3.0.11-1~deb12u2"}},
                    "bullseye": {"status": "open", "urgency": "low", "nodsa": "Minor issue", "nodsa_reason": "ignored",
                                 "repositories": {"bullseye": "1.1.1w-0+deb11u1"}},
                    "trixie": {"status": "open", "urgency": "medium", "nodsa": "Can be fixed later", "nodsa_reason": "postponed"},
                    "sid": {"status": "undetermined", "urgency": "not yet assigned"},
                    "forky": {"status": "open", "urgency": "medium"}}},
                  "TEMP-0000000-ABCDEF": {"releases": {"duke": {"status": "open", "urgency": "unimportant"}}}
                }}""";
        List<DebianTrackerRecord> all = read(parser, json);
        assertThat(find(all, "openssl", "CVE-2099-0001", "bookworm").status()).isEqualTo(DebianStatus.AFFECTED);
        assertThat(find(all, "openssl", "CVE-2099-0001", "bookworm").noDsaNote()).isEqualTo("Minor issue");
        assertThat(find(all, "openssl", "CVE-2099-0001", "bullseye").status()).isEqualTo(DebianStatus.WILL_NOT_FIX);
        assertThat(find(all, "openssl", "CVE-2099-0001", "trixie").status()).isEqualTo(DebianStatus.DEFERRED);
        assertThat(find(all, "openssl", "CVE-2099-0001", "sid").status()).isEqualTo(DebianStatus.UNDETERMINED);
        assertThat(find(all, "openssl", "CVE-2099-0001", "forky").status()).isEqualTo(DebianStatus.AFFECTED);
        DebianTrackerRecord temp = find(all, "openssl", "TEMP-0000000-ABCDEF", "duke");
        assertThat(temp.release()).isNull();
        assertThat(temp.urgency()).isEqualTo(DebianUrgency.UNIMPORTANT);
        assertThat(warnings.list()).containsExactly("Debian tracker: release codename duke has no known release number");
    }

    @Test
    void codenameTable() {
        assertThat(DebianReleases.number("bookworm")).contains("12");
        assertThat(DebianReleases.number("trixie")).contains("13");
        assertThat(DebianReleases.number("bullseye")).contains("11");
        assertThat(DebianReleases.number("buster")).contains("10");
        assertThat(DebianReleases.number("sid")).contains("unstable");
        assertThat(DebianReleases.number("hamm")).isEmpty();
    }
}
