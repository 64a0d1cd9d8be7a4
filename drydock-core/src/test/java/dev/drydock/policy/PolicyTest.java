package dev.drydock.policy;

import dev.drydock.image.BadInputException;
import dev.drydock.model.Finding;
import dev.drydock.model.FindingStatus;
import dev.drydock.model.Severity;
import dev.drydock.model.Suppression;
import dev.drydock.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.drydock.model.FindingStatus.AFFECTED;
import static dev.drydock.model.FindingStatus.FIXED;
import static dev.drydock.policy.TestFindings.finding;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PolicyTest {
    private static final LocalDate TODAY = LocalDate.of(2024, 6, 15);
    private static final Instant NOW = Instant.parse("2024-06-15T10:00:00Z");
    private static final String OPENSSL = "pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64&distro=debian-12";
    private static final String CURL = "pkg:deb/debian/curl@7.88.1-10?arch=amd64";

    private static Policy.Builder policy() {
        return Policy.builder(TODAY, NOW);
    }

    private static List<IgnoreRule> drydockignore(String text) {
        return IgnoreFiles.parse(".drydockignore", text.getBytes(StandardCharsets.UTF_8), w -> { });
    }

    private static List<VexStatement> vex(String json) {
        return VexDocuments.parse("vex.json", json.getBytes(StandardCharsets.UTF_8), w -> { });
    }

    private static String openvex(String vuln, String status, String timestamp, String productsJson) {
        return "{\"@context\":\"https://openvex.dev/ns/v0.2.0\",\"statements\":[{\"vulnerability\":{\"name\":\"" + vuln
                + "\"},\"status\":\"" + status + "\"" + (timestamp == null ? "" : ",\"timestamp\":\"" + timestamp + "\"")
                + ",\"justification\":\"vulnerable_code_not_in_execute_path\",\"impact_statement\":\"not reachable\""
                + ",\"products\":" + productsJson + "}]}";
    }

    // ---- gate verdict and exit codes

    @Test
    void failingFindingsAreListedSortedAndSetTheExitCode() {
        List<Finding> fs = List.of(
                finding("CVE-2024-2", CURL, Severity.HIGH, FIXED),
                finding("CVE-2024-1", OPENSSL, Severity.CRITICAL, FIXED),
                finding("CVE-2024-3", CURL, Severity.LOW, AFFECTED));
        GateResult g = policy().severities(Set.of(Severity.HIGH, Severity.CRITICAL)).exitCode(3).build().apply(fs).gate();
        assertThat(g.failing()).containsExactly("CVE-2024-1 openssl@3.0.11-1~deb12u2", "CVE-2024-2 curl@7.88.1-10");
        assertThat(g.failed()).isTrue();
        assertThat(g.effectiveExitCode()).isEqualTo(3);
        assertThat(g.severities()).containsExactlyInAnyOrder(Severity.HIGH, Severity.CRITICAL);
    }

    @Test
    void noSeveritiesMeansAll() {
        GateResult g = policy().build().apply(List.of(finding("CVE-1", CURL, Severity.UNKNOWN, AFFECTED))).gate();
        assertThat(g.failing()).containsExactly("CVE-1 curl@7.88.1-10");
        assertThat(g.severities()).isEqualTo(EnumSet.allOf(Severity.class));
        assertThat(g.effectiveExitCode()).isEqualTo(1);
    }

    @Test
    void passingGateAndAdvisoryExitCodeZero() {
        List<Finding> fs = List.of(finding("CVE-1", CURL, Severity.LOW, FIXED));
        assertThat(policy().severities(Set.of(Severity.CRITICAL)).build().apply(fs).gate().effectiveExitCode()).isZero();
        GateResult advisory = policy().exitCode(0).build().apply(fs).gate();
        assertThat(advisory.failed()).isTrue();
        assertThat(advisory.effectiveExitCode()).isZero();
    }

    @Test
    void notAffectedStatusNeverFails() {
        GateResult g = policy().build().apply(List.of(finding("CVE-1", CURL, Severity.CRITICAL, FindingStatus.NOT_AFFECTED))).gate();
        assertThat(g.failed()).isFalse();
    }

    @Test
    void anExistingSuppressionIsKept() {
        Finding f = finding("CVE-1", CURL, Severity.CRITICAL, FIXED)
                .withSuppression(new Suppression(Suppression.Kind.VEX, "upstream said so", "earlier.json", null));
        PolicyOutcome o = policy().ignoreRules(drydockignore("CVE-1 other reason")).build().apply(List.of(f));
        assertThat(o.findings().get(0).suppression().reason()).isEqualTo("upstream said so");
        assertThat(o.gate().failed()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 256})
    void exitCodeOutOfRange(int code) {
        assertThatThrownBy(() -> policy().exitCode(code).build()).isInstanceOf(BadInputException.class);
    }

    // ---- ignore files

    @ParameterizedTest(name = "expiry {0}: applies={1}")
    @CsvSource({
            "2024-06-16, true",   // tomorrow: still applies
            "2024-06-15, false",  // today: Trivy drops a rule once midnight UTC of the date has passed
            "2024-06-14, false",  // yesterday
    })
    void expiryDayBeforeOnAfter(String exp, boolean applies) {
        Policy p = policy().ignoreRules(drydockignore("# risk accepted\nCVE-2024-1 exp:" + exp + " waiting for upstream\n")).build();
        PolicyOutcome o = p.apply(List.of(finding("CVE-2024-1", CURL, Severity.HIGH, FIXED)));
        Finding f = o.findings().get(0);
        if (applies) {
            assertThat(f.suppression()).isEqualTo(new Suppression(Suppression.Kind.IGNORE_FILE, "waiting for upstream",
                    ".drydockignore:2", LocalDate.parse(exp)));
            assertThat(o.warnings()).isEmpty();
            assertThat(o.gate().failed()).isFalse();
        } else {
            assertThat(f.suppressed()).isFalse();
            assertThat(o.warnings()).containsExactly(
                    "ignore rule CVE-2024-1 at .drydockignore:2 expired on " + exp + " and no longer applies");
            assertThat(o.gate().failing()).containsExactly("CVE-2024-1 curl@7.88.1-10");
        }
    }

    @Test
    void ignoreRulesMatchAliasesAnyCaseAndUnusedRulesAreQuiet() {
        Policy p = policy().ignoreRules(drydockignore("ghsa-aaaa-bbbb-cccc\nCVE-2099-1\n")).build();
        PolicyOutcome o = p.apply(List.of(finding("CVE-2024-1", CURL, Severity.HIGH, FIXED, "GHSA-aaaa-bbbb-cccc")));
        assertThat(o.findings().get(0).suppression().kind()).isEqualTo(Suppression.Kind.IGNORE_FILE);
        assertThat(o.findings().get(0).suppression().reason()).isEqualTo("listed in .drydockignore:1");
        assertThat(o.warnings()).isEmpty();
    }

    @Test
    void yamlRulesLimitedByPurlAndPath() {
        List<IgnoreRule> rules = IgnoreFiles.parse(".trivyignore.yaml", """
                vulnerabilities:
                  - id: CVE-2024-1
                    purls: ["pkg:deb/debian/openssl"]
                    statement: only the openssl package
                  - id: CVE-2024-2
                    paths: ["usr/share/app/**"]
                  - purls: ["pkg:deb/debian/curl?arch=amd64"]
                    statement: all of curl
                """.getBytes(StandardCharsets.UTF_8), w -> { });
        List<Finding> fs = List.of(
                finding("CVE-2024-1", OPENSSL, Severity.HIGH, FIXED),                                   // purl matches
                finding("CVE-2024-1", "pkg:deb/debian/libssl3@3.0.11-1", Severity.HIGH, FIXED),         // other package
                finding("CVE-2024-2", "pkg:npm/a@1", "/usr/share/app/node_modules/a/package.json", Severity.HIGH, FIXED),
                finding("CVE-2024-2", "pkg:npm/a@1", "opt/other/package.json", Severity.HIGH, FIXED),
                finding("CVE-2024-9", CURL, Severity.HIGH, FIXED));
        PolicyOutcome o = policy().ignoreRules(rules).build().apply(fs);
        assertThat(o.findings()).extracting(Finding::suppressed).containsExactly(true, false, true, false, true);
        assertThat(o.findings().get(4).suppression().reason()).isEqualTo("all of curl");
        assertThat(o.gate().failing()).containsExactly("CVE-2024-1 libssl3@3.0.11-1", "CVE-2024-2 a@1");
    }

    @Test
    void aPurlLimitedRuleDoesNotCoverAPackageWithoutPurl() {
        Finding noPurl = finding("CVE-2024-1", "pkg:deb/debian/openssl@1", Severity.HIGH, FIXED);
        noPurl = new Finding(noPurl.id(), noPurl.aliases(), noPurl.pkg().withPurl(null), noPurl.installedVersion(), noPurl.fixedVersions(),
                noPurl.status(), noPurl.severity(), null, null, null, null, null, null, null, null, null, null, null);
        IgnoreRule r = new IgnoreRule("CVE-2024-1", List.of("pkg:deb/debian/openssl"), List.of(), null, "", "f:1");
        assertThat(policy().ignoreRules(List.of(r)).build().apply(List.of(noPurl)).gate().failed()).isTrue();
    }

    // ---- ignore-unfixed

    @Test
    void ignoreUnfixedSuppressesOnlyFindingsWithoutAFix() {
        List<Finding> fs = List.of(
                finding("CVE-1", CURL, Severity.HIGH, AFFECTED),
                finding("CVE-2", CURL, Severity.HIGH, FindingStatus.WILL_NOT_FIX),
                finding("CVE-3", CURL, Severity.HIGH, FIXED));
        PolicyOutcome o = policy().ignoreUnfixed(true).build().apply(fs);
        assertThat(o.findings().get(0).suppression())
                .isEqualTo(new Suppression(Suppression.Kind.UNFIXED, "no fix available (--ignore-unfixed)", null, null));
        assertThat(o.findings().get(1).suppression().kind()).isEqualTo(Suppression.Kind.UNFIXED);
        assertThat(o.findings().get(2).suppressed()).isFalse();
        assertThat(o.gate().failing()).containsExactly("CVE-3 curl@7.88.1-10");
        assertThat(o.gate().ignoreUnfixed()).isTrue();

        assertThat(policy().build().apply(fs).gate().failing()).hasSize(3);
    }

    @Test
    void anIgnoreRuleIsRecordedBeforeUnfixed() {
        PolicyOutcome o = policy().ignoreUnfixed(true).ignoreRules(drydockignore("CVE-1 known")).build()
                .apply(List.of(finding("CVE-1", CURL, Severity.HIGH, AFFECTED)));
        assertThat(o.findings().get(0).suppression().kind()).isEqualTo(Suppression.Kind.IGNORE_FILE);
    }

    // ---- VEX

    @Test
    void realOpenVexSuppressesSubcomponentsOfTheNamedImageOnly() {
        List<VexStatement> s = VexDocuments.read(Fixtures.path("vex/openvex-v0.2.0.json"), w -> { });
        String digest = "sha256:124c7d2707904eea7431fffe91522a01e5a861a624ee31d03372cc1d138a3126";
        List<Finding> fs = List.of(
                finding("CVE-2023-3446", "pkg:apk/alpine/libssl3@3.0.8-r3?arch=x86_64&distro=3.17.3", Severity.MEDIUM, AFFECTED),
                finding("CVE-2023-3446", "pkg:apk/alpine/libssl3@3.0.9-r0?arch=x86_64", Severity.MEDIUM, AFFECTED),  // other version
                finding("CVE-2023-3446", "pkg:apk/alpine/busybox@1.36.0-r5", Severity.MEDIUM, AFFECTED),         // not a subcomponent
                finding("CVE-2023-1255", "pkg:apk/alpine/libcrypto3@3.0.8-r3", Severity.MEDIUM, FIXED));         // status fixed
        PolicyOutcome o = policy().vex(s).imageDigest(digest).build().apply(fs);
        assertThat(o.findings()).extracting(Finding::suppressed).containsExactly(true, false, false, true);
        Suppression sup = o.findings().get(0).suppression();
        assertThat(sup.kind()).isEqualTo(Suppression.Kind.VEX);
        assertThat(sup.reason()).isEqualTo("vulnerable_code_not_present: affected functions were removed before packaging");
        assertThat(sup.origin()).endsWith("openvex-v0.2.0.json#statements[3]");

        // the same document about another image says nothing about this one
        PolicyOutcome other = policy().vex(s).imageDigest("sha256:" + "0".repeat(64)).build().apply(fs);
        assertThat(other.findings()).noneMatch(Finding::suppressed);
    }

    @Test
    void realCycloneDxVexMatchesByBomLinkPurl() {
        List<VexStatement> s = VexDocuments.read(Fixtures.path("vex/cyclonedx-vex.json"), w -> { });
        List<Finding> fs = List.of(
                finding("CVE-2020-25649", "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.10.0?type=jar", Severity.HIGH, FIXED),
                finding("CVE-2020-25649", "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.12.0?type=jar", Severity.HIGH, FIXED),
                finding("GHSA-288c-cq4h-88gq", "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.10.0", Severity.HIGH, FIXED,
                        "SNYK-JAVA-COMFASTERXMLJACKSONCORE-1048302"));
        PolicyOutcome o = policy().vex(s).build().apply(fs);
        // the statement's purl has type=jar, so a package without that qualifier is not covered
        assertThat(o.findings()).extracting(Finding::suppressed).containsExactly(true, false, false);
        assertThat(o.findings().get(0).suppression().reason()).startsWith("code_not_reachable: Automated dataflow analysis");
    }

    @Test
    void vexAliasesMatchTheFindingsIds() {
        List<VexStatement> s = vex("""
                {"@context":"https://openvex.dev/ns/v0.2.0","statements":[{"vulnerability":{"name":"GHSA-aaaa-bbbb-cccc",
                 "aliases":["CVE-2024-1"]},"status":"not_affected","justification":"component_not_present",
                 "products":[{"@id":"pkg:deb/debian/curl"}]}]}""");
        PolicyOutcome o = policy().vex(s).build().apply(List.of(finding("CVE-2024-1", CURL, Severity.HIGH, FIXED)));
        assertThat(o.findings().get(0).suppression().reason()).isEqualTo("component_not_present");
    }

    @Test
    void imageProductWithoutSubcomponentsIsImageWide() {
        List<VexStatement> s = vex(openvex("CVE-2024-1", "not_affected", null, "[{\"@id\":\"pkg:oci/app@sha256%3Aabc\"}]"));
        List<Finding> fs = List.of(finding("CVE-2024-1", CURL, Severity.HIGH, FIXED), finding("CVE-2024-1", OPENSSL, Severity.HIGH, FIXED));
        assertThat(policy().vex(s).imageDigest("sha256:abc").build().apply(fs).findings()).allMatch(Finding::suppressed);
        assertThat(policy().vex(s).imageDigest("sha256:def").build().apply(fs).findings()).noneMatch(Finding::suppressed);
        // digest unknown to the caller: the user chose this document for this scan
        assertThat(policy().vex(s).build().apply(fs).findings()).allMatch(Finding::suppressed);
    }

    @Test
    void affectedAndUnderInvestigationNeverSuppress() {
        for (String status : List.of("affected", "under_investigation")) {
            List<VexStatement> s = vex(openvex("CVE-2024-1", status, null, "[{\"@id\":\"pkg:deb/debian/curl\"}]"));
            assertThat(policy().vex(s).build().apply(List.of(finding("CVE-2024-1", CURL, Severity.HIGH, FIXED))).gate().failed()).isTrue();
        }
    }

    @Test
    void theLatestStatementWinsWhateverTheOrder() {
        List<VexStatement> older = vex(openvex("CVE-2024-1", "not_affected", "2024-01-01T00:00:00Z", "[{\"@id\":\"pkg:deb/debian/curl\"}]"));
        List<VexStatement> newer = vex(openvex("CVE-2024-1", "affected", "2024-03-01T00:00:00Z", "[{\"@id\":\"pkg:deb/debian/curl\"}]"));
        List<Finding> fs = List.of(finding("CVE-2024-1", CURL, Severity.HIGH, FIXED));
        List<VexStatement> both = new ArrayList<>(newer);
        both.addAll(older);
        assertThat(policy().vex(both).build().apply(fs).gate().failed()).isTrue();
        List<VexStatement> reversed = new ArrayList<>(older);
        reversed.addAll(newer);
        assertThat(policy().vex(reversed).build().apply(fs).gate().failed()).isTrue();

        // and a newer not_affected overrides an older affected
        List<VexStatement> fixedLater = vex(openvex("CVE-2024-1", "not_affected", "2024-05-01T00:00:00Z", "[{\"@id\":\"pkg:deb/debian/curl\"}]"));
        List<VexStatement> all = new ArrayList<>(fixedLater);
        all.addAll(newer);
        assertThat(policy().vex(all).build().apply(fs).gate().failed()).isFalse();
    }

    @Test
    void equalTimesGoToTheStatementGivenLast() {
        List<VexStatement> a = vex(openvex("CVE-2024-1", "not_affected", "2024-01-01T00:00:00Z", "[{\"@id\":\"pkg:deb/debian/curl\"}]"));
        List<VexStatement> b = vex(openvex("CVE-2024-1", "under_investigation", "2024-01-01T00:00:00Z", "[{\"@id\":\"pkg:deb/debian/curl\"}]"));
        List<Finding> fs = List.of(finding("CVE-2024-1", CURL, Severity.HIGH, FIXED));
        List<VexStatement> ab = new ArrayList<>(a);
        ab.addAll(b);
        assertThat(policy().vex(ab).build().apply(fs).gate().failed()).isTrue();
        List<VexStatement> ba = new ArrayList<>(b);
        ba.addAll(a);
        assertThat(policy().vex(ba).build().apply(fs).gate().failed()).isFalse();
    }

    @Test
    void vexIsRecordedBeforeAnIgnoreRule() {
        List<VexStatement> s = vex(openvex("CVE-2024-1", "fixed", null, "[{\"@id\":\"pkg:deb/debian/curl\"}]"));
        Finding f = policy().vex(s).ignoreRules(drydockignore("CVE-2024-1")).build()
                .apply(List.of(finding("CVE-2024-1", CURL, Severity.HIGH, FIXED))).findings().get(0);
        assertThat(f.suppression().kind()).isEqualTo(Suppression.Kind.VEX);
    }

    // ---- break-glass

    @Test
    void breakGlassOverridesAFailingGateAndRecordsWhoAndWhen() {
        Map<String, String> env = Map.of("GITHUB_ACTIONS", "true", "GITHUB_REPOSITORY", "acme/shop", "GITHUB_RUN_ID", "42",
                "GITHUB_ACTOR", "alice", "GITHUB_TOKEN", "ghs_secret");
        PolicyOutcome o = policy().exitCode(4).breakGlass("  hotfix for INC-123, approved by security  ").ciEnv(env).build()
                .apply(List.of(finding("CVE-1", CURL, Severity.CRITICAL, FIXED)));
        GateResult g = o.gate();
        assertThat(g.failed()).isTrue();
        assertThat(g.effectiveExitCode()).isZero();
        assertThat(g.breakGlass().reason()).isEqualTo("hotfix for INC-123, approved by security");
        assertThat(g.breakGlass().at()).isEqualTo(NOW);
        assertThat(g.breakGlass().ciContext()).containsEntry("provider", "github-actions").containsEntry("actor", "alice")
                .containsEntry("runUrl", "https://github.com/acme/shop/actions/runs/42");
        assertThat(g.breakGlass().ciContext().values()).noneMatch(v -> v.contains("ghs_secret"));
        assertThat(o.warnings()).singleElement().asString().contains("overridden by break-glass");
    }

    @Test
    void breakGlassOnAPassingGateIsNotRecorded() {
        PolicyOutcome o = policy().breakGlass("just in case").build().apply(List.of());
        assertThat(o.gate().breakGlass()).isNull();
        assertThat(o.gate().effectiveExitCode()).isZero();
        assertThat(o.warnings()).singleElement().asString().contains("not used");
    }

    @Test
    void withoutBreakGlassTheFailingExitCodeStands() {
        GateResult g = policy().exitCode(4).build().apply(List.of(finding("CVE-1", CURL, Severity.CRITICAL, FIXED))).gate();
        assertThat(g.breakGlass()).isNull();
        assertThat(g.effectiveExitCode()).isEqualTo(4);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "two\nlines", "bell\u0007", "bidi \u202E override", "tab\there"})
    void unprintableOrBlankReasonsAreRefused(String reason) {
        assertThatThrownBy(() -> policy().breakGlass(reason).build()).isInstanceOf(BadInputException.class);
    }

    @Test
    void overlongReasonIsRefused() {
        assertThatThrownBy(() -> policy().breakGlass("x".repeat(501)).build())
                .isInstanceOf(BadInputException.class).hasMessageContaining("500");
        assertThat(policy().breakGlass("é".repeat(500)).build().breakGlassReason()).hasSize(500);
    }
}
