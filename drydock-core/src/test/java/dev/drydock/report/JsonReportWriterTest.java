package dev.drydock.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static dev.drydock.report.ReportFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

class JsonReportWriterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(ScanReport report) throws Exception {
        return JSON.readTree(write(new JsonReportWriter(), report));
    }

    @Test
    void startsWithTheSchemaVersionAndDescribesTheScan() throws Exception {
        JsonNode root = json(sample());

        assertThat(root.fieldNames()).toIterable().first().isEqualTo("schemaVersion");
        assertThat(root.path("schemaVersion").asInt()).isEqualTo(1);
        assertThat(root.path("tool").path("version").asText()).isEqualTo(TOOL_VERSION);
        assertThat(root.path("createdAt").asText()).isEqualTo("2026-11-20T10:15:30Z");
        assertThat(root.path("image").path("reference").asText()).isEqualTo(REFERENCE);
        assertThat(root.path("image").path("manifestDigest").asText()).isEqualTo(MANIFEST.toString());
        assertThat(root.path("image").path("layers")).hasSize(2);
        assertThat(root.path("image").path("layers").get(1).path("diffId").asText()).isEqualTo(APP_LAYER.toString());
        assertThat(root.path("os").path("versionCodename").asText()).isEqualTo("bookworm");
        assertThat(root.path("packageCount").asInt()).isEqualTo(143);
        assertThat(root.path("db").path("builtAt").asText()).isEqualTo("2026-11-20T03:00:00Z");
        assertThat(root.path("db").path("sources")).extracting(s -> s.path("name").asText()).containsExactly("debian-tracker", "osv");
        assertThat(root.path("warnings")).extracting(JsonNode::asText).containsExactly("the vulnerability database is 3 days old");
    }

    @Test
    void writesEveryFieldOfAFindingWithItsRatingsEpssAndKev() throws Exception {
        JsonNode log4shell = json(sample()).path("findings").get(0);

        assertThat(log4shell.path("id").asText()).isEqualTo("CVE-2021-44228");
        assertThat(log4shell.path("aliases")).extracting(JsonNode::asText).containsExactly("GHSA-jfh8-c2jp-5v3q");
        assertThat(log4shell.path("package").path("purl").asText()).isEqualTo(LOG4J_PURL);
        assertThat(log4shell.path("package").path("layerDiffId").asText()).isEqualTo(APP_LAYER.toString());
        assertThat(log4shell.path("package").path("path").asText()).isEqualTo("app/lib/log4j-core-2.14.1.jar");
        assertThat(log4shell.path("package").path("attributes").path("sha1").asText()).hasSize(40);
        assertThat(log4shell.path("installedVersion").asText()).isEqualTo("2.14.1");
        assertThat(log4shell.path("fixedVersions")).extracting(JsonNode::asText).containsExactly("2.15.0");
        assertThat(log4shell.path("status").asText()).isEqualTo("fixed");
        assertThat(log4shell.path("severity").asText()).isEqualTo("critical");
        assertThat(log4shell.path("severitySource").asText()).isEqualTo("ghsa");
        assertThat(log4shell.path("ratings")).hasSize(3);
        JsonNode nvd2 = log4shell.path("ratings").get(2);
        assertThat(nvd2.path("cvssVersion").asText()).isEqualTo("2.0");
        assertThat(nvd2.path("vector").asText()).isEqualTo("AV:N/AC:M/Au:N/C:C/I:C/A:C");
        assertThat(nvd2.path("score").asDouble()).isEqualTo(9.3);
        assertThat(log4shell.path("advisorySource").asText()).isEqualTo("osv");
        assertThat(log4shell.path("namespace").asText()).isEqualTo("maven");
        assertThat(log4shell.path("epss").path("score").asDouble()).isEqualTo(0.94358);
        assertThat(log4shell.path("kev").path("dateAdded").asText()).isEqualTo("2021-12-10");
        assertThat(log4shell.path("kev").path("knownRansomwareUse").asBoolean()).isTrue();
        assertThat(log4shell.path("title").asText()).isEqualTo("Remote code injection in Log4j");
        assertThat(log4shell.path("description").asText()).startsWith("Apache Log4j2");
        assertThat(log4shell.path("references")).hasSize(2);
        assertThat(log4shell.path("cwes")).extracting(JsonNode::asText).containsExactly("CWE-502", "CWE-400", "CWE-20");
        assertThat(log4shell.has("suppression")).isFalse();
    }

    @Test
    void leavesNullFieldsOutButKeepsAFindingsListsPresent() throws Exception {
        JsonNode apt = json(sample()).path("findings").get(5);

        assertThat(apt.path("id").asText()).isEqualTo("CVE-2011-3374");
        assertThat(apt.has("title")).isFalse();
        assertThat(apt.has("description")).isFalse();
        assertThat(apt.has("epss")).isFalse();
        assertThat(apt.has("kev")).isFalse();
        assertThat(apt.path("ratings").get(0).has("score")).isFalse();
        assertThat(apt.path("fixedVersions").isArray()).isTrue();
        assertThat(apt.path("fixedVersions")).isEmpty();
        assertThat(apt.path("references")).isEmpty();
        assertThat(apt.path("suppression").path("kind").asText()).isEqualTo("unfixed");
        assertThat(apt.path("suppression").has("origin")).isFalse();
    }

    @Test
    void keepsSuppressedFindingsWithTheirReasonAndCountsOnlyActiveOnesBySeverity() throws Exception {
        JsonNode root = json(sample());

        JsonNode gcc = root.path("findings").get(3);
        assertThat(gcc.path("suppression").path("kind").asText()).isEqualTo("ignore-file");
        assertThat(gcc.path("suppression").path("reason").asText()).isEqualTo("image runs on amd64 only");
        assertThat(gcc.path("suppression").path("origin").asText()).isEqualTo(".drydockignore:3");
        assertThat(gcc.path("suppression").path("expires").asText()).isEqualTo("2027-01-31");
        JsonNode summary = root.path("summary");
        assertThat(summary.path("findings").asInt()).isEqualTo(6);
        assertThat(summary.path("active").asInt()).isEqualTo(3);
        assertThat(summary.path("suppressed").asInt()).isEqualTo(3);
        assertThat(summary.path("bySeverity").path("critical").asInt()).isEqualTo(1);
        assertThat(summary.path("bySeverity").path("high").asInt()).isEqualTo(1);
        assertThat(summary.path("bySeverity").path("medium").asInt()).isEqualTo(1);
        assertThat(summary.path("bySeverity").path("negligible").asInt()).isZero();
        assertThat(summary.path("bySeverity").fieldNames()).toIterable()
                .containsExactly("critical", "high", "medium", "low", "negligible", "unknown");
    }

    @Test
    void recordsTheGateVerdictAndABreakGlassWithItsContext() throws Exception {
        JsonNode failed = json(sample()).path("gate");
        assertThat(failed.path("verdict").asText()).isEqualTo("failed");
        assertThat(failed.path("severities")).extracting(JsonNode::asText).containsExactly("critical", "high");
        assertThat(failed.path("ignoreUnfixed").asBoolean()).isTrue();
        assertThat(failed.path("effectiveExitCode").asInt()).isEqualTo(1);
        assertThat(failed.path("failing")).hasSize(2);
        assertThat(failed.has("breakGlass")).isFalse();

        JsonNode overridden = json(report(overriddenGate())).path("gate");
        assertThat(overridden.path("verdict").asText()).isEqualTo("overridden");
        assertThat(overridden.path("effectiveExitCode").asInt()).isZero();
        assertThat(overridden.path("breakGlass").path("reason").asText()).isEqualTo("hotfix for checkout outage INC-4711");
        assertThat(overridden.path("breakGlass").path("at").asText()).isEqualTo("2026-11-20T10:14:00Z");
        assertThat(overridden.path("breakGlass").path("ciContext").fieldNames()).toIterable()
                .containsExactly("actor", "provider", "repository");

        assertThat(json(report(passingGate())).path("gate").path("verdict").asText()).isEqualTo("passed");
    }

    @Test
    void writesTheSameBytesForTheSameReport() throws Exception {
        byte[] first = write(new JsonReportWriter(), report(overriddenGate()));
        byte[] second = write(new JsonReportWriter(), report(overriddenGate()));

        assertThat(first).isEqualTo(second);
        assertThat(new String(first)).doesNotContain("\r").endsWith("}\n");
    }

    @Test
    void keepsHostileTextAsDataThatParsesBack() throws Exception {
        String title = "\u001b[31mred\u001b[0m \"quoted\" </script>";
        JsonNode f = json(report(with(allFindings(), hostile(title)), failingGate(), List.of())).path("findings").get(0);

        assertThat(f.path("title").asText()).isEqualTo(title);
        assertThat(f.path("installedVersion").asText()).isEqualTo("1.0.0\u001b[2J");
    }

    /** docs/report-json.md is the contract: every field the writer emits must be described there. */
    @Test
    void documentsEveryFieldItWrites() throws Exception {
        Path doc = Path.of("..", "docs", "report-json.md");
        String text = Files.readString(doc);
        TreeSet<String> fields = new TreeSet<>();
        collect(json(report(overriddenGate())), "", fields);
        List<String> missing = new ArrayList<>();
        for (String f : fields) if (!text.contains("`" + f + "`")) missing.add(f);

        assertThat(missing).as("fields written but not documented in " + doc).isEmpty();
    }

    /** Dotted paths ({@code findings[].package.purl}); map-like objects (labels, attributes, ciContext) stop at their own name. */
    private static void collect(JsonNode node, String path, TreeSet<String> out) {
        if (node.isArray()) {
            for (JsonNode item : node) collect(item, path + "[]", out);
            return;
        }
        if (!node.isObject()) return;
        if (path.endsWith("labels") || path.endsWith("annotations") || path.endsWith("attributes") || path.endsWith("ciContext")) return;
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String child = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
            out.add(child);
            collect(e.getValue(), child, out);
        }
    }
}
