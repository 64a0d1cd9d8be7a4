package dev.drydock.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drydock.model.Finding;
import dev.drydock.model.Package;
import dev.drydock.model.Severity;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.StreamSupport;

import static dev.drydock.report.ReportFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

class SarifReportWriterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode run(ScanReport report) throws Exception {
        JsonNode log = JSON.readTree(write(new SarifReportWriter(), report));
        assertThat(log.path("runs")).hasSize(1);
        return log.path("runs").get(0);
    }

    private static JsonNode rule(JsonNode run, String id) {
        return StreamSupport.stream(run.path("tool").path("driver").path("rules").spliterator(), false)
                .filter(r -> r.path("id").asText().equals(id)).findFirst().orElseThrow();
    }

    private static JsonNode result(JsonNode run, String ruleId) {
        return StreamSupport.stream(run.path("results").spliterator(), false)
                .filter(r -> r.path("ruleId").asText().equals(ruleId)).findFirst().orElseThrow();
    }

    @Test
    void isValidAgainstTheSarif210Schema() throws Exception {
        for (ScanReport report : List.of(sample(), report(overriddenGate()), report(List.of(), passingGate(), List.of()),
                report(with(allFindings(), hostile("<b>x</b> \u001b[31m")), failingGate(), List.of("db is stale")))) {
            byte[] sarif = write(new SarifReportWriter(), report);
            assertThat(SarifSchema.errors(sarif)).isEmpty();
            JsonNode log = JSON.readTree(sarif);
            assertThat(log.path("version").asText()).isEqualTo("2.1.0");
            assertThat(log.path("$schema").asText()).endsWith("sarif-schema-2.1.0.json");
        }
    }

    @Test
    void theSchemaCheckCatchesABrokenLog() throws Exception {
        ObjectNode log = new SarifReportWriter().toSarif(sample());
        ((ObjectNode) log.path("runs").get(0).path("results").get(0)).put("level", "fatal");
        log.put("version", "2.0.0");

        assertThat(SarifSchema.errors(JSON.writeValueAsBytes(log))).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void hasOneRulePerVulnerabilityAndOneResultPerFinding() throws Exception {
        // The same CVE in two packages: one rule, two results pointing at it.
        Finding inOpenssl = openssl();
        Package openssl = deb("openssl", "3.0.11-1~deb12u1", "openssl");
        Finding inCli = new Finding(inOpenssl.id(), inOpenssl.aliases(), openssl, inOpenssl.installedVersion(), inOpenssl.fixedVersions(),
                inOpenssl.status(), inOpenssl.severity(), inOpenssl.severitySource(), inOpenssl.ratings(), inOpenssl.advisorySource(),
                inOpenssl.namespace(), inOpenssl.epss(), inOpenssl.kev(), inOpenssl.title(), inOpenssl.description(), inOpenssl.references(),
                inOpenssl.cwes(), null);
        JsonNode run = run(report(List.of(log4shell(), inOpenssl, inCli, opensslPkcs12()), failingGate(), List.of()));

        JsonNode rules = run.path("tool").path("driver").path("rules");
        assertThat(rules).extracting(r -> r.path("id").asText()).containsExactly("CVE-2021-44228", "CVE-2023-5363", "CVE-2024-0727");
        JsonNode results = run.path("results");
        assertThat(results).extracting(r -> r.path("ruleId").asText())
                .containsExactly("CVE-2021-44228", "CVE-2023-5363", "CVE-2023-5363", "CVE-2024-0727");
        for (JsonNode r : results) {
            assertThat(rules.get(r.path("ruleIndex").asInt()).path("id").asText()).isEqualTo(r.path("ruleId").asText());
        }
        assertThat(run.path("tool").path("driver").path("name").asText()).isEqualTo("drydock");
        assertThat(run.path("tool").path("driver").path("version").asText()).isEqualTo(TOOL_VERSION);
    }

    @Test
    void describesARuleTheWayGitHubRanksIt() throws Exception {
        JsonNode run = run(sample());

        JsonNode log4shell = rule(run, "CVE-2021-44228");
        assertThat(log4shell.path("shortDescription").path("text").asText()).isEqualTo("Remote code injection in Log4j");
        assertThat(log4shell.path("fullDescription").path("text").asText()).startsWith("Apache Log4j2 2.0-beta9");
        assertThat(log4shell.path("helpUri").asText()).isEqualTo("https://github.com/advisories/GHSA-jfh8-c2jp-5v3q");
        assertThat(log4shell.path("help").path("text").asText()).contains("log4j-core 2.14.1, fixed in: 2.15.0");
        assertThat(log4shell.path("help").path("markdown").asText()).contains("| log4j-core | 2.14.1 | 2.15.0 |");
        assertThat(log4shell.path("properties").path("tags")).extracting(JsonNode::asText)
                .containsExactly("vulnerability", "security", "critical", "external/cwe/cwe-502", "external/cwe/cwe-400", "external/cwe/cwe-20");
        assertThat(log4shell.path("properties").path("security-severity").asText()).isEqualTo("10.0");

        assertThat(rule(run, "CVE-2023-5363").path("properties").path("security-severity").asText()).isEqualTo("7.5");
        // Debian gave only a word: no score is invented.
        JsonNode apt = rule(run, "CVE-2011-3374");
        assertThat(apt.path("properties").has("security-severity")).isFalse();
        assertThat(apt.path("shortDescription").path("text").asText()).isEqualTo("CVE-2011-3374");
        assertThat(apt.path("helpUri").asText()).isEqualTo("https://nvd.nist.gov/vuln/detail/CVE-2011-3374");
    }

    @Test
    void setsTheLevelBySeverity() throws Exception {
        JsonNode run = run(sample());

        assertThat(result(run, "CVE-2021-44228").path("level").asText()).isEqualTo("error");
        assertThat(result(run, "CVE-2023-5363").path("level").asText()).isEqualTo("error");
        assertThat(result(run, "CVE-2024-0727").path("level").asText()).isEqualTo("warning");
        assertThat(result(run, "CVE-2011-3374").path("level").asText()).isEqualTo("note");
        assertThat(SarifReportWriter.level(Severity.LOW)).isEqualTo("note");
        assertThat(SarifReportWriter.level(Severity.UNKNOWN)).isEqualTo("note");
    }

    @Test
    void namesThePackageVersionsAndFileInEachResult() throws Exception {
        JsonNode run = run(sample());

        JsonNode openssl = result(run, "CVE-2023-5363");
        assertThat(openssl.path("message").path("text").asText())
                .isEqualTo("Package libssl3 3.0.11-1~deb12u1 is affected by CVE-2023-5363 (high); fixed in 3.0.11-1~deb12u2.");
        JsonNode location = openssl.path("locations").get(0);
        assertThat(location.path("physicalLocation").path("artifactLocation").path("uri").asText()).isEqualTo("var/lib/dpkg/status");
        assertThat(location.path("physicalLocation").path("region").path("startLine").asInt()).isEqualTo(1);
        assertThat(location.path("logicalLocations").get(0).path("fullyQualifiedName").asText()).isEqualTo(LIBSSL_PURL);
        assertThat(openssl.path("properties").path("purl").asText()).isEqualTo(LIBSSL_PURL);
        assertThat(openssl.path("properties").path("layerDiffId").asText()).isEqualTo(BASE_LAYER.toString());

        assertThat(result(run, "CVE-2021-44228").path("locations").get(0).path("physicalLocation").path("artifactLocation")
                .path("uri").asText()).isEqualTo("app/lib/log4j-core-2.14.1.jar");
        assertThat(result(run, "CVE-2011-3374").path("message").path("text").asText()).endsWith("no fixed version (affected).");
        assertThat(run.path("properties").path("imageDigest").asText()).isEqualTo(MANIFEST.toString());
    }

    @Test
    void fallsBackToTheImageReferenceWhenThePackageFileIsUnknown() throws Exception {
        Finding noPath = log4shell();
        noPath = new Finding(noPath.id(), noPath.aliases(), noPath.pkg().withPath(null), noPath.installedVersion(), noPath.fixedVersions(),
                noPath.status(), noPath.severity(), noPath.severitySource(), noPath.ratings(), noPath.advisorySource(), noPath.namespace(),
                noPath.epss(), noPath.kev(), noPath.title(), noPath.description(), noPath.references(), noPath.cwes(), null);
        JsonNode run = run(report(List.of(noPath), failingGate(), List.of()));

        assertThat(run.path("results").get(0).path("locations").get(0).path("physicalLocation").path("artifactLocation")
                .path("uri").asText()).isEqualTo("registry.example.com/shop/api:1.4.2");
        assertThat(SarifReportWriter.encodePath("oci:/tmp/lay out:v1")).isEqualTo("oci%3A/tmp/lay%20out:v1");
        assertThat(SarifReportWriter.encodePath("/abs/ü")).isEqualTo("/abs/%C3%BC");
    }

    @Test
    void marksSuppressedFindingsAsExternallySuppressedResults() throws Exception {
        JsonNode run = run(sample());

        assertThat(run.path("results")).hasSize(6);
        JsonNode gcc = result(run, "CVE-2023-4039");
        assertThat(gcc.path("suppressions")).hasSize(1);
        assertThat(gcc.path("suppressions").get(0).path("kind").asText()).isEqualTo("external");
        assertThat(gcc.path("suppressions").get(0).path("justification").asText())
                .isEqualTo("ignore-file: image runs on amd64 only (.drydockignore:3), until 2027-01-31");
        assertThat(result(run, "CVE-2023-45853").path("suppressions").get(0).path("justification").asText())
                .startsWith("vex: vulnerable_code_not_present");
        assertThat(result(run, "CVE-2021-44228").has("suppressions")).isFalse();
        long unsuppressed = StreamSupport.stream(run.path("results").spliterator(), false).filter(r -> !r.has("suppressions")).count();
        assertThat(unsuppressed).isEqualTo(3);
    }

    @Test
    void passesWarningsOnAsToolNotifications() throws Exception {
        JsonNode invocation = run(sample()).path("invocations").get(0);

        assertThat(invocation.path("executionSuccessful").asBoolean()).isTrue();
        assertThat(invocation.path("toolExecutionNotifications").get(0).path("message").path("text").asText())
                .isEqualTo("the vulnerability database is 3 days old");
    }

    @Test
    void keepsHostileAdvisoryTextOutOfLinksAndControlCharactersOutOfMessages() throws Exception {
        JsonNode run = run(report(List.of(hostile("\u001b[31mtitle\u001b[0m")), failingGate(), List.of()));

        JsonNode rule = rule(run, "GHSA-xxxx-yyyy-zzzz");
        assertThat(rule.has("helpUri")).isFalse();
        assertThat(rule.path("shortDescription").path("text").asText()).isEqualTo("?[31mtitle?[0m");
        assertThat(rule.path("fullDescription").path("text").asText()).doesNotContain("\u001b").doesNotContain("\u0007");
        assertThat(rule.path("help").path("markdown").asText()).doesNotContain("<img").doesNotContain("](https://evil");
        assertThat(run.path("results").get(0).path("message").path("text").asText()).doesNotContain("\u001b");
    }

    @Test
    void staysWithinGitHubsResultLimitAndSaysWhatItLeftOut() {
        List<Finding> many = java.util.Collections.nCopies(SarifReportWriter.MAX_RESULTS + 7, openssl());
        JsonNode run = new SarifReportWriter().toSarif(report(many, failingGate(), List.of())).path("runs").get(0);

        assertThat(run.path("results")).hasSize(SarifReportWriter.MAX_RESULTS);
        assertThat(run.path("tool").path("driver").path("rules")).hasSize(1);
        JsonNode note = run.path("invocations").get(0).path("toolExecutionNotifications").get(0);
        assertThat(note.path("level").asText()).isEqualTo("error");
        assertThat(note.path("message").path("text").asText()).startsWith("7 finding(s) left out");
    }

    @Test
    void writesTheSameBytesForTheSameReport() throws Exception {
        assertThat(write(new SarifReportWriter(), report(overriddenGate()))).isEqualTo(write(new SarifReportWriter(), report(overriddenGate())));
    }
}
