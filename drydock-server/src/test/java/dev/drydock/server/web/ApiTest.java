package dev.drydock.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drydock.server.store.Backend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

@ParameterizedClass
@EnumSource(Backend.class)
class ApiTest {
    @Parameter
    Backend backend;
    private TestServer s;

    @BeforeEach
    void start() {
        s = new TestServer(backend, ServerOptions.defaults().withMaxBodyBytes(1 << 20));
    }

    @AfterEach
    void stop() throws IOException {
        s.close();
    }

    private String upload() {
        var r = s.post("/api/v1/scans", s.ci, Uploads.json(Uploads.body(Uploads.DIGEST)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(TestServer.json(r).get("digest").asText()).isEqualTo(Uploads.DIGEST);
        return TestServer.json(r).get("id").asText();
    }

    @Test
    void anUploadedScanReadsBackThroughTheApi() {
        String id = upload();
        assertThat(upload()).as("the same upload twice is one scan").isEqualTo(id);

        JsonNode list = TestServer.json(s.get("/api/v1/images", s.viewer));
        assertThat(list.get("total").asLong()).isEqualTo(1);
        JsonNode item = list.get("items").get(0);
        assertThat(item.get("digest").asText()).isEqualTo(Uploads.DIGEST);
        assertThat(item.get("counts").get("critical").asInt()).isEqualTo(1);
        assertThat(item.get("kevCount").asInt()).isEqualTo(1);

        JsonNode image = TestServer.json(s.get("/api/v1/images/" + Uploads.DIGEST, s.viewer));
        assertThat(image.get("names").get(0).get("name").get("repository").asText()).isEqualTo("shop/api");
        assertThat(image.get("stages").get(0).get("stage").asText()).isEqualTo("ci");

        JsonNode findings = TestServer.json(s.get("/api/v1/images/" + Uploads.DIGEST + "/findings", s.viewer)).get("items");
        assertThat(findings).extracting(f -> f.get("vulnId").asText()).contains("CVE-2021-44228", "GHSA-xxxx-yyyy-zzzz");
        JsonNode log4shell = findings.findParents("vulnId").stream().filter(f -> f.get("vulnId").asText().equals("CVE-2021-44228")).findFirst().orElseThrow();
        assertThat(log4shell.get("severity").asText()).isEqualTo("critical");
        assertThat(log4shell.get("kev").asBoolean()).isTrue();

        JsonNode packages = TestServer.json(s.get("/api/v1/images/" + Uploads.DIGEST + "/packages", s.viewer)).get("items");
        assertThat(packages).extracting(p -> p.get("name").asText()).contains("log4j-core", Uploads.SCRIPT);
        assertThat(TestServer.json(s.get("/api/v1/images/" + Uploads.DIGEST + "/scans", s.viewer)).get("items")).hasSize(1);
        assertThat(TestServer.json(s.get("/api/v1/images/" + Uploads.DIGEST + "/history", s.viewer)).get("items")).isNotEmpty();
        assertThat(s.get("/api/v1/images/" + Uploads.DIGEST + "/findings?inactive=true", s.viewer).statusCode()).isEqualTo(200);
    }

    @Test
    void theImagePageShowsTheFindingsWithUserTextEscaped() {
        upload();
        var page = s.get("/images/" + Uploads.DIGEST, s.viewer);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElse("")).contains("default-src 'none'");
        String html = page.body();
        assertThat(html).contains("CVE-2021-44228", "log4j-core", "2.15.0", "KEV", "registry.example.com/shop/api:1.4.2", "<svg")
                .contains("<strong>ci</strong> seen").contains("<strong>registry</strong> never seen")
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;")
                .doesNotContain(Uploads.SCRIPT).doesNotContain("<script");
        String list = s.get("/?severity=critical", s.viewer).body();
        assertThat(list).contains("shop/api").contains("/images/" + Uploads.DIGEST).doesNotContain("<script");
    }

    @Test
    void theImageListPageFilters() {
        upload();
        assertThat(s.get("/?severity=critical&kev=true", s.viewer).body()).contains("shop/api");
        assertThat(s.get("/?gap=never-scanned-in-registry", s.viewer).body()).contains("shop/api");
        assertThat(s.get("/?gap=never-scanned-in-ci", s.viewer).body()).contains("No images match.").doesNotContain("/images/sha256");
        assertThat(s.get("/?repository=other/repo", s.viewer).body()).contains("No images match.");
        String sorted = s.get("/?sort=name&repository=shop/api", s.viewer).body();
        assertThat(sorted).contains("href=\"/?repository=shop%2Fapi&amp;sort=last_seen\"").contains("Image ▾");
        assertThat(s.get("/?severity=bogus", s.viewer).statusCode()).isEqualTo(400);
    }

    @Test
    void malformedAndOversizedBodiesAreRefused() {
        var malformed = s.post("/api/v1/scans", s.ci, "{\"stage\": \"ci\", ");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(TestServer.json(malformed).get("error").asText()).isNotBlank();
        assertThat(s.post("/api/v1/scans", s.ci, "[]").statusCode()).isEqualTo(400);
        assertThat(s.post("/api/v1/scans", s.ci, "{\"stage\": \"prod\", \"report\": {}}").statusCode()).isEqualTo(400);
        var badReport = Uploads.body(Uploads.DIGEST);
        ((com.fasterxml.jackson.databind.node.ObjectNode) badReport.get("report")).put("createdAt", "<script>");
        var r = s.post("/api/v1/scans", s.ci, Uploads.json(badReport));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("createdAt").doesNotContain("<script>");
        var otherSbom = Uploads.body(Uploads.DIGEST);
        otherSbom.set("sbom", Uploads.body("sha256:" + "cd".repeat(32)).get("sbom"));
        assertThat(s.post("/api/v1/scans", s.ci, Uploads.json(otherSbom)).statusCode()).isEqualTo(400);

        String many = "{\"stage\": \"ci\", \"report\": {\"findings\": [" + "{},".repeat(200_000) + "{}]}}";
        assertThat(s.post("/api/v1/scans", s.ci, many).statusCode()).isEqualTo(413);

        String huge = "{\"stage\": \"ci\", \"pad\": \"" + "x".repeat((1 << 20) + 10) + "\"}";
        var tooLarge = s.post("/api/v1/scans", s.ci, huge);
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(TestServer.json(tooLarge).get("error").asText()).contains("larger than");
        // Without a Content-Length (chunked), the limit holds while reading.
        var chunked = s.send(HttpRequest.newBuilder(s.uri("/api/v1/scans")).header("Authorization", "Bearer " + s.ci)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(huge.getBytes(StandardCharsets.UTF_8)))).build());
        assertThat(chunked.statusCode()).isEqualTo(413);
    }

    @Test
    void filtersTreatInjectionAsData() {
        upload();
        for (String evil : new String[]{"' OR '1'='1", "shop/api'; DROP TABLE image; --", "%", "_", "\" OR 1=1 --"}) {
            var r = s.get("/api/v1/images?repository=" + URLEncoder.encode(evil, StandardCharsets.UTF_8), s.viewer);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(TestServer.json(r).get("total").asLong()).as(evil).isZero();
        }
        assertThat(TestServer.json(s.get("/api/v1/images?repository=shop/api", s.viewer)).get("total").asLong()).isEqualTo(1);
        for (String param : new String[]{"sort", "severity", "gap", "kev", "limit", "offset"}) {
            var r = s.get("/api/v1/images?" + param + "=" + URLEncoder.encode("1; DROP TABLE image", StandardCharsets.UTF_8), s.viewer);
            assertThat(r.statusCode()).as(param).isEqualTo(400);
        }
        assertThat(s.get("/api/v1/images?limit=100000", s.viewer).statusCode()).isEqualTo(400);
        assertThat(TestServer.json(s.get("/api/v1/images", s.viewer)).get("total").asLong()).isEqualTo(1);
        var page = s.get("/?repository=" + URLEncoder.encode("<script>x</script>", StandardCharsets.UTF_8), s.viewer);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("&lt;script&gt;x&lt;/script&gt;").doesNotContain("<script");
    }

    @Test
    void unknownAndMalformedDigests() {
        assertThat(s.get("/api/v1/images/sha256:" + "00".repeat(32), s.viewer).statusCode()).isEqualTo(404);
        assertThat(s.get("/api/v1/images/sha256:" + "00".repeat(32) + "/findings", s.viewer).statusCode()).isEqualTo(404);
        var bad = s.get("/api/v1/images/not-a-digest", s.viewer);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(s.get("/images/not-a-digest", s.viewer).statusCode()).isEqualTo(400);
        var none = s.get("/api/v1/nothing-here", s.viewer);
        assertThat(none.statusCode()).isEqualTo(404);
        assertThat(TestServer.json(none).get("error").asText()).isEqualTo("not found");
    }

    @Test
    void anInternalErrorShowsNoDetails() throws IOException {
        // A database that lost the image table: tokens still check, the image list now fails inside SQL.
        s.store.database().jdbi().useHandle(h -> h.execute(backend == Backend.POSTGRESQL ? "DROP TABLE image CASCADE" : "DROP TABLE image"));
        var list = s.send(HttpRequest.newBuilder(s.uri("/api/v1/images")).header("Authorization", "Bearer " + s.viewer).build());
        assertThat(list.statusCode()).isEqualTo(500);
        assertThat(list.body()).isEqualTo("{\"error\":\"internal server error\"}");
        assertThat(s.log.toString()).contains("\"event\":\"http.internal_error\"").contains("\"route\":\"/api/v1/images\"");
    }

    @Test
    void healthReadinessAndMetrics() {
        assertThat(s.get("/healthz", null).statusCode()).isEqualTo(200);
        assertThat(s.get("/readyz", null).statusCode()).isEqualTo(200);
        upload();
        s.get("/api/v1/images/sha256:" + "00".repeat(32), s.viewer);
        String metrics = s.get("/metrics", null).body();
        assertThat(metrics).contains("drydock_scans_uploaded_total 1")
                .contains("drydock_http_requests_total{method=\"POST\",route=\"/api/v1/scans\",status=\"201\"} 1")
                .contains("route=\"/api/v1/images/{digest}\",status=\"404\"")
                .contains("drydock_http_request_duration_seconds_count")
                .doesNotContain("00000000");
    }
}
