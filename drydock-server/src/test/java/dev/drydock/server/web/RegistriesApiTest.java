package dev.drydock.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drydock.server.store.AuditEntry;
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
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The registries API on both databases: admin only, strict input, and the credentials never coming back out. */
@ParameterizedClass
@EnumSource(Backend.class)
class RegistriesApiTest {
    static final String PASSWORD = "pa55-w0rd-that-must-never-come-back";
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
        return s.post("/api/v1/registries", ADMIN, body);
    }

    @Test
    void onlyAnAdminMayListAddRemoveOrDiscover() {
        long id = TestServer.json(add("{\"url\": \"https://registry.example.com\"}")).get("id").asLong();
        for (String token : List.of(s.viewer, s.ci, s.triager)) {
            assertThat(s.get("/api/v1/registries", token).statusCode()).isEqualTo(403);
            assertThat(s.post("/api/v1/registries", token, "{\"url\": \"https://other.example.com\"}").statusCode()).isEqualTo(403);
            assertThat(s.delete("/api/v1/registries/" + id, token).statusCode()).isEqualTo(403);
            assertThat(s.post("/api/v1/registries/" + id + "/discover", token, "").statusCode()).isEqualTo(403);
        }
        assertThat(s.get("/api/v1/registries", null).statusCode()).isEqualTo(401);
        assertThat(s.post("/api/v1/registries", null, "{\"url\": \"https://other.example.com\"}").statusCode()).isEqualTo(401);
        assertThat(s.delete("/api/v1/registries/" + id, "ddk_wrong").statusCode()).isEqualTo(401);
        assertThat(s.store.registries()).hasSize(1);
    }

    @Test
    void badInputIsA400() {
        for (String body : List.of(
                "{\"url\": \"ftp://registry.example.com\"}",
                "{\"url\": \"https://\"}",
                "{\"url\": \"registry.example.com\"}",
                "{\"url\": \"https://registry.example.com/some/path\"}",
                "{\"url\": \"https://user:pw@registry.example.com\"}",
                "{\"url\": \"https://registry.example.com?x=1\"}",
                "{\"url\": \"https://registry.example.com:99999\"}",
                "{\"url\": \"https://bad_host!.example.com\"}",
                "{\"url\": 42}",
                "{}",
                "{\"url\": \"https://registry.example.com\", \"username\": \"bot\"}",
                "{\"url\": \"https://registry.example.com\", \"password\": \"x\"}",
                "{\"url\": \"https://registry.example.com\", \"token\": \"x\"}",
                "[\"https://registry.example.com\"]",
                "not json")) {
            HttpResponse<String> r = add(body);
            assertThat(r.statusCode()).as(body).isEqualTo(400);
            assertThat(TestServer.json(r).get("error").asText()).as(body).isNotBlank();
        }
        assertThat(s.post("/api/v1/registries/abc/discover", ADMIN, "").statusCode()).isEqualTo(400);
        assertThat(s.delete("/api/v1/registries/-1", ADMIN).statusCode()).isEqualTo(400);
        assertThat(s.store.registries()).isEmpty();
    }

    @Test
    void credentialsGoInButNeverComeOut() {
        HttpResponse<String> r = add("{\"url\": \"https://Registry.Example.com:5000/v2/\", \"username\": \"ci-bot\", \"password\": \"" + PASSWORD + "\"}");
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(r.body()).doesNotContain(PASSWORD);
        JsonNode added = TestServer.json(r);
        assertThat(added.get("url").asText()).isEqualTo("https://registry.example.com:5000");
        assertThat(added.get("hasCredentials").asBoolean()).isTrue();
        assertThat(added.get("job").asLong()).isPositive(); // its first discovery, queued at once

        HttpResponse<String> list = s.get("/api/v1/registries", ADMIN);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).doesNotContain(PASSWORD).doesNotContain("ci-bot").doesNotContain("v1:");
        JsonNode item = TestServer.json(list).get("items").get(0);
        assertThat(item.get("hasCredentials").asBoolean()).isTrue();
        assertThat(item.has("lastDiscoveredAt")).isTrue();
        assertThat(item.get("lastError").isNull()).isTrue();

        // not in the database, the audit log or the server's log either
        List<Map<String, Object>> rows = s.db.db.jdbi().withHandle(h -> h.createQuery("SELECT * FROM registry").mapToMap().list());
        assertThat(rows.toString()).doesNotContain(PASSWORD).contains("key:");
        assertThat(s.store.auditLog(50, Long.MAX_VALUE)).extracting(AuditEntry::action).contains("registry.add");
        assertThat(s.store.auditLog(50, Long.MAX_VALUE).toString()).doesNotContain(PASSWORD);
        assertThat(s.log.toString()).doesNotContain(PASSWORD);

        // the same URL again is a conflict
        assertThat(add("{\"url\": \"https://registry.example.com:5000\"}").statusCode()).isEqualTo(409);
    }

    @Test
    void discoverQueuesOneJobAndDeleteRemoves() {
        JsonNode added = TestServer.json(add("{\"url\": \"http://127.0.0.1:5999\"}"));
        long id = added.get("id").asLong();
        long first = added.get("job").asLong();
        // the first discovery is still pending: asking again answers that job rather than queue another
        HttpResponse<String> d = s.post("/api/v1/registries/" + id + "/discover", ADMIN, "");
        assertThat(d.statusCode()).isEqualTo(202);
        assertThat(TestServer.json(d).get("job").asLong()).isEqualTo(first);
        JsonNode job = TestServer.json(s.get("/api/v1/jobs/" + first, ADMIN));
        assertThat(job.get("kind").asText()).isEqualTo("registry.discover");
        assertThat(job.get("state").asText()).isEqualTo("queued");

        assertThat(s.delete("/api/v1/registries/" + id, ADMIN).statusCode()).isEqualTo(204);
        assertThat(s.delete("/api/v1/registries/" + id, ADMIN).statusCode()).isEqualTo(404);
        assertThat(s.post("/api/v1/registries/" + id + "/discover", ADMIN, "").statusCode()).isEqualTo(404);
        assertThat(TestServer.json(s.get("/api/v1/registries", ADMIN)).get("items")).isEmpty();
        assertThat(s.store.auditLog(50, Long.MAX_VALUE)).extracting(AuditEntry::action).contains("registry.delete", "registry.discover");
    }
}
