package dev.drydock.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drydock.model.Finding;
import dev.drydock.model.Package;
import dev.drydock.model.PackageType;
import dev.drydock.model.Severity;
import dev.drydock.policy.VexDocuments;
import dev.drydock.policy.VexStatement;
import dev.drydock.server.store.Backend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The triage API, exports and page on both databases, over real uploads. */
@ParameterizedClass
@EnumSource(Backend.class)
class TriageApiTest {
    static final String DIGEST_B = "sha256:" + "cd".repeat(32);
    static final String DIGEST_C = "sha256:" + "ef".repeat(32);
    static final String LOG4SHELL = "CVE-2021-44228";

    @Parameter
    Backend backend;
    TestServer s;

    @BeforeEach
    void start() {
        s = new TestServer(backend);
    }

    @AfterEach
    void stop() throws IOException {
        s.close();
    }

    private void upload(String digest, String name) {
        var body = digest.equals(Uploads.DIGEST) ? Uploads.body(digest)
                : Uploads.body(digest, name, Map.of(), List.of(Uploads.log4j(), Uploads.hostile()), Uploads.report(Uploads.DIGEST).findings());
        var r = s.post("/api/v1/scans", s.ci, Uploads.json(body));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    private HttpResponse<String> put(String token, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(s.uri("/api/v1/triage")).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) b.header("Authorization", "Bearer " + token);
        return s.send(b.build());
    }

    private static String decision(String state, String extra) {
        return "{\"repository\": \"shop/api\", \"package\": \"log4j-core\", \"vulnerability\": \"" + LOG4SHELL + "\", \"state\": \""
                + state + "\"" + extra + "}";
    }

    private JsonNode queue(String query) {
        var r = s.get("/api/v1/triage" + query, s.viewer);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return TestServer.json(r);
    }

    private static JsonNode find(JsonNode page, String vuln) {
        for (JsonNode i : page.get("items")) if (i.get("vulnId").asText().equals(vuln)) return i;
        return null;
    }

    @Test
    void oneItemForTwoDigestsAndADecisionCarriesOverToTheNextDigest() {
        upload(Uploads.DIGEST, null);
        upload(DIGEST_B, "registry.example.com/shop/api:1.4.3");
        JsonNode page = queue("");
        assertThat(page.get("total").asInt()).isEqualTo(2);
        JsonNode log4j = page.get("items").get(0);
        assertThat(log4j.get("vulnId").asText()).as("critical and KEV first").isEqualTo(LOG4SHELL);
        assertThat(log4j.get("images").asInt()).isEqualTo(2);
        assertThat(log4j.get("state").asText()).isEqualTo("new");
        assertThat(log4j.get("key").asText()).startsWith("drydock-triage-");

        var r = put(s.triager, decision("not_affected", ", \"justification\": \"vulnerable_code_not_in_execute_path\", \"note\": \"JNDI lookups disabled\""));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(TestServer.json(r).get("purl").asText()).isEqualTo("pkg:maven/org.apache.logging.log4j/log4j-core");
        assertThat(find(queue(""), LOG4SHELL)).as("out of the open queue").isNull();
        assertThat(find(queue("?state=not_affected"), LOG4SHELL).get("triaged").asBoolean()).isTrue();

        upload(DIGEST_C, "registry.example.com/shop/api:1.4.4");
        JsonNode findings = TestServer.json(s.get("/api/v1/images/" + DIGEST_C + "/findings", s.viewer)).get("items");
        JsonNode f = null;
        for (JsonNode x : findings) if (x.get("vulnId").asText().equals(LOG4SHELL)) f = x;
        assertThat(f.get("triage").asText()).isEqualTo("not_affected");
        assertThat(find(queue("?state=all"), LOG4SHELL).get("images").asInt()).isEqualTo(3);
        var pageHtml = s.get("/images/" + DIGEST_C, s.viewer);
        assertThat(pageHtml.body()).contains("triaged: not affected");
        assertThat(TestServer.json(s.get("/api/v1/images/" + DIGEST_C, s.viewer)).get("counts").get("critical").asInt())
                .as("image counts are not triage's").isEqualTo(1);
    }

    @Test
    void writesNeedTheTriagerOrAdminRoleAndBadInputIsA400() {
        upload(Uploads.DIGEST, null);
        String ok = decision("in_triage", "");
        assertThat(put(s.viewer, ok).statusCode()).isEqualTo(403);
        assertThat(put(s.ci, ok).statusCode()).isEqualTo(403);
        assertThat(put(null, ok).statusCode()).isEqualTo(401);
        assertThat(put(TestServer.ADMIN, ok).statusCode()).isEqualTo(200);
        String future = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
        for (String bad : List.of(decision("not_affected", ""), decision("not_affected", ", \"justification\": \"code_not_present\""),
                decision("risk_accepted", ""), decision("risk_accepted", ", \"expiresAt\": \"2001-01-01T00:00:00Z\""),
                decision("risk_accepted", ", \"expiresAt\": \"next week\""), decision("accepted", ""),
                decision("exploitable", ", \"justification\": \"component_not_present\""), decision("fixed", ", \"color\": \"red\""),
                decision("fixed", ", \"untilVersionChange\": \"yes\""), decision("fixed", ", \"assignee\": \"a\\u0000b\""),
                "{\"state\": \"fixed\"}", "[1]", "not json")) {
            var r = put(s.triager, bad);
            assertThat(r.statusCode()).as(bad + " → " + r.body()).isEqualTo(400);
            assertThat(TestServer.json(r).get("error").asText()).isNotBlank();
        }
        assertThat(put(s.triager, decision("risk_accepted", ", \"expiresAt\": \"" + future + "\"")).statusCode()).isEqualTo(200);
        assertThat(put(s.triager, "{\"repository\": \"shop/web\", \"package\": \"log4j-core\", \"vulnerability\": \"" + LOG4SHELL
                + "\", \"state\": \"fixed\"}").statusCode()).isEqualTo(404);
        for (String q : List.of("?state=closed", "?sort=name", "?limit=0", "?limit=501", "?severity=urgent", "?kev=maybe", "?offset=-1")) {
            assertThat(s.get("/api/v1/triage" + q, s.viewer).statusCode()).as(q).isEqualTo(400);
        }
        assertThat(s.get("/api/v1/triage?repository=" + java.net.URLEncoder.encode("shop/api' OR '1'='1", StandardCharsets.UTF_8), s.viewer)
                .body()).contains("\"total\":0");
        assertThat(s.get("/api/v1/triage", s.ci).statusCode()).isEqualTo(403);
        assertThat(s.get("/api/v1/triage/abc", s.viewer).statusCode()).isEqualTo(400);
        assertThat(s.get("/api/v1/triage/999", s.viewer).statusCode()).isEqualTo(404);
        assertThat(s.get("/api/v1/triage/export", s.viewer).statusCode()).isEqualTo(400);
        assertThat(s.get("/api/v1/triage/export?format=xml", s.viewer).statusCode()).isEqualTo(400);
    }

    @Test
    void commentsAndTheHistoryOfEveryChange() {
        upload(Uploads.DIGEST, null);
        long id = TestServer.json(put(s.triager, decision("in_triage", ", \"assignee\": \"alice\""))).get("id").asLong();
        put(TestServer.ADMIN, decision("exploitable", ", \"assignee\": \"bob\""));
        assertThat(s.post("/api/v1/triage/" + id + "/comments", s.viewer, "{\"body\": \"x\"}").statusCode()).isEqualTo(403);
        assertThat(s.post("/api/v1/triage/" + id + "/comments", s.triager, "{\"text\": \"x\"}").statusCode()).isEqualTo(400);
        assertThat(s.post("/api/v1/triage/999/comments", s.triager, "{\"body\": \"x\"}").statusCode()).isEqualTo(404);
        var c = s.post("/api/v1/triage/" + id + "/comments", s.triager, "{\"body\": \"reachable from\\n/api/search\"}");
        assertThat(c.statusCode()).as(c.body()).isEqualTo(201);

        JsonNode d = TestServer.json(s.get("/api/v1/triage/" + id, s.viewer));
        assertThat(d.get("state").asText()).isEqualTo("exploitable");
        assertThat(d.get("comments").get(0).get("body").asText()).isEqualTo("reachable from\n/api/search");
        assertThat(d.get("comments").get(0).get("author").asText()).isEqualTo("triager");
        List<String> history = new ArrayList<>();
        for (JsonNode e : d.get("history")) {
            history.add(e.get("actor").asText() + " " + e.get("field").asText() + " " + e.get("from").asText() + " -> " + e.get("to").asText());
            assertThat(e.get("at").asText()).isNotBlank();
        }
        assertThat(history).contains("triager state null -> in_triage", "triager assignee null -> alice",
                "bootstrap admin (DRYDOCK_ADMIN_TOKEN) state in_triage -> exploitable",
                "bootstrap admin (DRYDOCK_ADMIN_TOKEN) assignee alice -> bob");
        assertThat(find(queue("?assignee=bob"), LOG4SHELL)).isNotNull();
        assertThat(find(queue("?assignee=alice"), LOG4SHELL)).isNull();
    }

    private byte[] export(String query) {
        var r = s.send(HttpRequest.newBuilder(s.uri("/api/v1/triage/export?" + query)).header("Authorization", "Bearer " + s.viewer).GET().build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void vexExportsAreRepeatableAndReadBackByTheScannersVexParsers() {
        upload(Uploads.DIGEST, null);
        put(s.triager, decision("not_affected", ", \"justification\": \"vulnerable_code_not_present\", \"note\": \"jndi removed\""));
        put(s.triager, "{\"repository\": \"shop/api\", \"package\": \"" + Uploads.SCRIPT.replace("\"", "\\\"") + "\", \"vulnerability\": "
                + "\"GHSA-xxxx-yyyy-zzzz\", \"state\": \"false_positive\", \"untilVersionChange\": true}");

        byte[] openVex = export("format=openvex");
        byte[] cdx = export("format=cyclonedx-vex&repository=shop/api");
        assertThat(export("format=openvex")).as("byte-identical").isEqualTo(openVex);
        assertThat(export("format=cyclonedx-vex&repository=shop/api")).isEqualTo(cdx);
        assertThat(new String(openVex, StandardCharsets.UTF_8)).contains("drydock-triage-").doesNotContain("1970");

        List<String> warnings = new ArrayList<>();
        List<VexStatement> a = VexDocuments.parse("triage.openvex.json", openVex, warnings::add);
        List<VexStatement> b = VexDocuments.parse("triage.cdx.json", cdx, warnings::add);
        assertThat(warnings).isEmpty();
        assertThat(a).hasSize(2);
        assertThat(a).extracting(st -> st.vulnerabilityId() + " " + st.status() + " " + st.products())
                .containsExactlyElementsOf(b.stream().map(st -> st.vulnerabilityId() + " " + st.status() + " " + st.products()).toList());
        VexStatement log4j = a.stream().filter(st -> st.vulnerabilityId().equals(LOG4SHELL)).findFirst().orElseThrow();
        assertThat(log4j.status()).isEqualTo(VexStatement.Status.NOT_AFFECTED);
        assertThat(log4j.justification()).isEqualTo("vulnerable_code_not_present");
        assertThat(b.stream().filter(st -> st.vulnerabilityId().equals(LOG4SHELL)).findFirst().orElseThrow().justification())
                .isEqualTo("code_not_present");
        assertThat(log4j.timestamp()).isNotNull();
        VexStatement evil = a.stream().filter(st -> !st.vulnerabilityId().equals(LOG4SHELL)).findFirst().orElseThrow();
        assertThat(evil.products().get(0).purl()).as("held until the version changes: the decided version").isEqualTo("pkg:npm/evil@1.0.0");

        // what drydock scan --vex does with them: the statements cover the image's findings, at any digest
        List<Finding> findings = Uploads.report(Uploads.DIGEST).findings();
        for (List<VexStatement> doc : List.of(a, b)) {
            for (Finding f : findings) {
                assertThat(doc.stream().anyMatch(st -> st.appliesTo(f, DIGEST_C) && st.status().suppresses())).as(f.id()).isTrue();
            }
        }
        // and the gate drydock scan --vex runs: both findings suppressed by VEX, nothing fails
        for (List<VexStatement> doc : List.of(a, b)) {
            var outcome = dev.drydock.policy.Policy.builder(java.time.LocalDate.parse("2026-11-21"), Instant.parse("2026-11-21T00:00:00Z"))
                    .vex(doc).imageDigest(DIGEST_C).build().apply(findings);
            assertThat(outcome.findings()).allSatisfy(f -> assertThat(f.suppressed()).isTrue());
            assertThat(outcome.gate().failing()).isEmpty();
        }
        Finding newer = Uploads.finding("GHSA-xxxx-yyyy-zzzz", new Package(PackageType.NPM, Uploads.SCRIPT, "1.0.1", null, null, null,
                List.of(), "pkg:npm/evil@1.0.1", Uploads.LAYER, "p", List.of(), Map.of()), Severity.HIGH, null, false, "t");
        assertThat(a.stream().anyMatch(st -> st.appliesTo(newer, null))).as("another version is not covered").isFalse();
    }

    @Test
    void queueExportsAreRepeatableAndNeutraliseSpreadsheetFormulas() {
        upload(Uploads.DIGEST, null);
        Package formula = Uploads.pkg(PackageType.NPM, "=HYPERLINK(\"http://evil.example/\",\"x\")", "2.0.0", "pkg:npm/formula@2.0.0");
        var body = Uploads.body(DIGEST_B, "registry.example.com/shop/api:1.4.3", Map.of(), List.of(formula),
                List.of(Uploads.finding("CVE-2024-0001", formula, Severity.MEDIUM, "2.0.1", false, "@SUM(1+1)*cmd|' /C calc'!A0")));
        assertThat(s.post("/api/v1/scans", s.ci, Uploads.json(body)).statusCode()).isEqualTo(201);
        assertThat(put(s.triager, decision("exploitable", ", \"assignee\": \"-2+3\"")).statusCode()).isEqualTo(200);

        byte[] csv = export("format=jira-csv");
        assertThat(export("format=jira-csv")).isEqualTo(csv);
        String text = new String(csv, StandardCharsets.UTF_8);
        assertThat(text).startsWith("\"External ID\",\"Summary\",");
        assertThat(text).contains("\"'-2+3\"").contains("\"'@SUM(1+1)");
        for (String cell : text.split("\",\"|\r\n\"|^\"")) {
            assertThat(cell).doesNotStartWith("=").doesNotStartWith("+").doesNotStartWith("-").doesNotStartWith("@");
        }
        byte[] dojo = export("format=defectdojo");
        assertThat(export("format=defectdojo")).isEqualTo(dojo);
        JsonNode findings;
        try {
            findings = Json.MAPPER.readTree(dojo).get("findings");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertThat(findings).hasSize(3);
        JsonNode log4j = null;
        for (JsonNode f : findings) if (f.get("vuln_id_from_tool").asText().equals(LOG4SHELL)) log4j = f;
        assertThat(log4j.get("unique_id_from_tool").asText()).isEqualTo(find(queue("?state=all"), LOG4SHELL).get("key").asText());
        assertThat(log4j.get("severity").asText()).isEqualTo("Critical");
        assertThat(log4j.get("verified").asBoolean()).isTrue();
        assertThat(log4j.get("cve").asText()).isEqualTo(LOG4SHELL);
    }

    @Test
    void theTriagePageEscapesWhatUploadsCarry() {
        upload(Uploads.DIGEST, null);
        var r = s.get("/triage?state=all&sort=images", s.viewer);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;").doesNotContain(Uploads.SCRIPT);
        assertThat(r.body()).contains("href=\"/triage\"").contains(LOG4SHELL);
        assertThat(s.get("/triage?state=bogus", s.viewer).statusCode()).isEqualTo(400);
        assertThat(s.get("/triage", null).statusCode()).isEqualTo(303);
        assertThat(s.get("/", s.viewer).body()).as("linked in the nav").contains("href=\"/triage\"");
    }
}
