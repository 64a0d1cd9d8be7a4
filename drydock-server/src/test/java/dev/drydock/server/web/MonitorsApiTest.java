package dev.drydock.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drydock.server.monitor.MonitorJobs;
import dev.drydock.server.store.Backend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The monitors API on both databases: roles, strict input, pushed counts, queued checks and the dashboard banner. */
@ParameterizedClass
@EnumSource(Backend.class)
class MonitorsApiTest {
    static final String ADMIN = TestServer.ADMIN;

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

    private HttpResponse<String> add(String body) {
        return s.post("/api/v1/monitors", ADMIN, body);
    }

    private long addOk(String body) {
        HttpResponse<String> r = add(body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return TestServer.json(r).get("id").asLong();
    }

    @Test
    void adminsWriteReadersReadPipelinesPush() {
        long id = addOk("{\"name\": \"dojo\", \"scanner\": \"defectdojo\", \"webhookUrl\": \"https://hooks.example.com/T/x\"}");
        for (String token : List.of(s.viewer, s.ci, s.triager)) {
            assertThat(s.post("/api/v1/monitors", token, "{\"name\": \"x\", \"scanner\": \"y\"}").statusCode()).isEqualTo(403);
            assertThat(s.delete("/api/v1/monitors/" + id, token).statusCode()).isEqualTo(403);
            assertThat(s.post("/api/v1/monitors/" + id + "/check", token, "").statusCode()).isEqualTo(403);
        }
        assertThat(s.post("/api/v1/monitors/" + id + "/reported", s.viewer, "{\"count\": 3}").statusCode()).isEqualTo(403);
        assertThat(s.get("/api/v1/monitors", null).statusCode()).isEqualTo(401);
        assertThat(s.get("/api/v1/monitors", s.ci).statusCode()).isEqualTo(403);
        assertThat(s.post("/api/v1/monitors", null, "{\"name\": \"x\", \"scanner\": \"y\"}").statusCode()).isEqualTo(401);

        // a viewer reads the state but not the URLs, which may carry secrets
        JsonNode viewed = TestServer.json(s.get("/api/v1/monitors", s.viewer)).get("items").get(0);
        assertThat(viewed.get("name").asText()).isEqualTo("dojo");
        assertThat(viewed.has("webhookUrl")).isFalse();
        assertThat(viewed.get("hasWebhook").asBoolean()).isTrue();
        assertThat(TestServer.json(s.get("/api/v1/monitors", ADMIN)).get("items").get(0).get("webhookUrl").asText())
                .isEqualTo("https://hooks.example.com/T/x");

        HttpResponse<String> pushed = s.post("/api/v1/monitors/" + id + "/reported", s.ci, "{\"count\": 42}");
        assertThat(pushed.statusCode()).isEqualTo(200);
        assertThat(TestServer.json(s.get("/api/v1/monitors", s.viewer)).get("items").get(0).get("reportedCount").asLong()).isEqualTo(42);

        HttpResponse<String> check = s.post("/api/v1/monitors/" + id + "/check", ADMIN, "");
        assertThat(check.statusCode()).isEqualTo(202);
        long job = TestServer.json(check).get("job").asLong();
        // a second request answers the check already queued
        assertThat(TestServer.json(s.post("/api/v1/monitors/" + id + "/check", ADMIN, "")).get("job").asLong()).isEqualTo(job);
        assertThat(s.store.job(job).orElseThrow().kind()).isEqualTo(MonitorJobs.CHECK);

        assertThat(add("{\"name\": \"dojo\", \"scanner\": \"other\"}").statusCode()).isEqualTo(409);
        assertThat(s.store.auditLog(50, Long.MAX_VALUE)).extracting(e -> e.action())
                .contains("monitor.add", "monitor.reported", "monitor.check");
        assertThat(s.delete("/api/v1/monitors/" + id, ADMIN).statusCode()).isEqualTo(204);
        assertThat(s.delete("/api/v1/monitors/" + id, ADMIN).statusCode()).isEqualTo(404);
        assertThat(s.post("/api/v1/monitors/" + id + "/reported", s.ci, "{\"count\": 1}").statusCode()).isEqualTo(404);
    }

    @Test
    void badInputIsA400() {
        for (String body : List.of(
                "{\"name\": \"m\", \"scanner\": \"dojo\", \"countUrl\": \"ftp://x.example.com/c\"}",
                "{\"name\": \"m\", \"scanner\": \"dojo\", \"countUrl\": \"file:///etc/passwd\"}",
                "{\"name\": \"m\", \"scanner\": \"dojo\", \"countUrl\": \"x.example.com/c\"}",
                "{\"name\": \"m\", \"scanner\": \"dojo\", \"countUrl\": \"http://\"}",
                "{\"name\": \"m\", \"scanner\": \"dojo\", \"webhookUrl\": \"javascript:alert(1)\"}",
                "{\"name\": \"m\", \"scanner\": \"dojo\", \"webhookUrl\": 7}",
                "{\"name\": \"m\", \"scanner\": \"dojo\", \"countUrl\": \"https://x.example.com/c\", \"countField\": \"count\"}",
                "{\"name\": \"m\", \"scanner\": \"dojo\", \"countField\": \"/count\"}",
                "{\"name\": \"m\", \"scanner\": \"dojo\", \"thresholdPct\": 0}",
                "{\"name\": \"m\", \"scanner\": \"dojo\", \"thresholdPct\": 101}",
                "{\"name\": \"m\", \"scanner\": \"dojo\", \"thresholdPct\": \"5\"}",
                "{\"name\": \"m\", \"scanner\": \"dojo dojo\"}",
                "{\"name\": \"m\"}",
                "{\"scanner\": \"dojo\"}",
                "{\"name\": \"\", \"scanner\": \"dojo\"}",
                "{\"name\": \"a\\nb\", \"scanner\": \"dojo\"}",
                "{\"name\": \"" + "n".repeat(101) + "\", \"scanner\": \"dojo\"}",
                "{\"name\": \"m\", \"scanner\": \"dojo\", \"token\": \"x\"}",
                "[\"m\"]",
                "not json")) {
            HttpResponse<String> r = add(body);
            assertThat(r.statusCode()).as(body).isEqualTo(400);
            assertThat(TestServer.json(r).get("error").asText()).as(body).isNotBlank();
        }
        long id = addOk("{\"name\": \"m\", \"scanner\": \"dojo\", \"thresholdPct\": 2.5}");
        for (String body : List.of("{}", "{\"count\": -1}", "{\"count\": 1.5}", "{\"count\": \"3\"}",
                "{\"count\": 1, \"extra\": 2}", "{\"count\": 10000000000000}", "[1]", "nope")) {
            assertThat(s.post("/api/v1/monitors/" + id + "/reported", s.ci, body).statusCode()).as(body).isEqualTo(400);
        }
        assertThat(s.post("/api/v1/monitors/abc/reported", s.ci, "{\"count\": 1}").statusCode()).isEqualTo(400);
        assertThat(s.post("/api/v1/monitors/0/check", ADMIN, "").statusCode()).isEqualTo(400);
        assertThat(s.post("/api/v1/monitors/999/check", ADMIN, "").statusCode()).isEqualTo(404);

        long polled = addOk("{\"name\": \"p\", \"scanner\": \"dojo\", \"countUrl\": \"https://dojo.example.com/api/count?x=1\", \"countField\": \"/data/n\"}");
        assertThat(s.post("/api/v1/monitors/" + polled + "/reported", s.ci, "{\"count\": 1}").statusCode()).isEqualTo(409);
    }

    @Test
    void anOpenAlertShowsOnTheDashboardEscaped() {
        long id = addOk("{\"name\": \"<script>alert(1)</script>\", \"scanner\": \"dojo\", \"repository\": \"acme/<b>app</b>\"}");
        String before = s.get("/", s.viewer).body();
        assertThat(before).doesNotContain("ingestion-alerts");
        s.db.db.jdbi().useHandle(h -> h.createUpdate("""
                        UPDATE ingestion_monitor SET alert_open_since = 1763625600000, last_expected = 100, last_reported = 80,
                            last_drift_pct = 20.0 WHERE id = :id
                        """).bind("id", id).execute());
        HttpResponse<String> page = s.get("/", s.viewer);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("ingestion-alerts")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt; (dojo, acme/&lt;b&gt;app&lt;/b&gt;): expected 100 findings, downstream reports 80 (20.0 % drift)")
                .doesNotContain("<script>alert(1)").doesNotContain("<b>app</b>");
    }
}
