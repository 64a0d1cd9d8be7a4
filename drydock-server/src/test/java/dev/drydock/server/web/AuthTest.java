package dev.drydock.server.web;

import dev.drydock.server.store.Backend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.http.HttpRequest;

import static org.assertj.core.api.Assertions.assertThat;

@ParameterizedClass
@EnumSource(Backend.class)
class AuthTest {
    @Parameter
    Backend backend;
    private TestServer s;

    @AfterEach
    void stop() throws IOException {
        if (s != null) s.close();
    }

    @Test
    void readsNeedAReadersToken() {
        s = new TestServer(backend);
        assertThat(s.get("/api/v1/images", null).statusCode()).isEqualTo(401);
        assertThat(s.get("/api/v1/images", "ddk_wrong").statusCode()).isEqualTo(401);
        assertThat(s.get("/api/v1/images", s.ci).statusCode()).isEqualTo(403);
        assertThat(s.get("/api/v1/images", s.viewer).statusCode()).isEqualTo(200);
        assertThat(s.get("/api/v1/images", s.triager).statusCode()).isEqualTo(200);
        assertThat(s.get("/api/v1/images", TestServer.ADMIN).statusCode()).isEqualTo(200);
        var r = s.send(HttpRequest.newBuilder(s.uri("/api/v1/images")).header("Authorization", "Basic abc").build());
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(TestServer.json(r).get("error").asText()).isEqualTo("missing or invalid token");
    }

    @Test
    void aTokenInTheUrlIsNotAccepted() {
        s = new TestServer(backend);
        assertThat(s.get("/api/v1/images?token=" + s.viewer, null).statusCode()).isEqualTo(401);
        assertThat(s.get("/?token=" + s.viewer, null).statusCode()).isEqualTo(303);
    }

    @Test
    void uploadsNeedCiOrAdmin() {
        s = new TestServer(backend);
        String body = Uploads.json(Uploads.body(Uploads.DIGEST));
        assertThat(s.post("/api/v1/scans", null, body).statusCode()).isEqualTo(401);
        assertThat(s.post("/api/v1/scans", s.viewer, body).statusCode()).isEqualTo(403);
        assertThat(s.post("/api/v1/scans", s.triager, body).statusCode()).isEqualTo(403);
        assertThat(s.post("/api/v1/scans", s.ci, body).statusCode()).isEqualTo(201);
        assertThat(s.post("/api/v1/scans", TestServer.ADMIN, body).statusCode()).isEqualTo(201);
    }

    @Test
    void tokensNeedAdmin() {
        s = new TestServer(backend);
        String body = "{\"name\": \"pipeline\", \"role\": \"ci\"}";
        assertThat(s.get("/api/v1/tokens", s.viewer).statusCode()).isEqualTo(403);
        assertThat(s.post("/api/v1/tokens", s.ci, body).statusCode()).isEqualTo(403);
        assertThat(s.post("/api/v1/tokens", null, body).statusCode()).isEqualTo(401);
        var created = s.post("/api/v1/tokens", TestServer.ADMIN, body);
        assertThat(created.statusCode()).isEqualTo(201);
        String token = TestServer.json(created).get("token").asText();
        assertThat(s.post("/api/v1/scans", token, Uploads.json(Uploads.body(Uploads.DIGEST))).statusCode()).isEqualTo(201);
        var list = s.get("/api/v1/tokens", TestServer.ADMIN);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("pipeline").doesNotContain(token);
        assertThat(s.post("/api/v1/tokens", TestServer.ADMIN, "{\"name\": \"x\", \"role\": \"root\"}").statusCode()).isEqualTo(400);

        // Revocation: admins only; the token is refused from the next request on, and stays listed.
        String id = TestServer.json(created).get("id").asText();
        assertThat(s.delete("/api/v1/tokens/" + id, s.triager).statusCode()).isEqualTo(403);
        assertThat(s.delete("/api/v1/tokens/" + id, TestServer.ADMIN).statusCode()).isEqualTo(204);
        assertThat(s.post("/api/v1/scans", token, Uploads.json(Uploads.body(Uploads.DIGEST))).statusCode()).isEqualTo(401);
        assertThat(s.delete("/api/v1/tokens/" + id, TestServer.ADMIN).statusCode()).as("already revoked").isEqualTo(404);
        assertThat(s.delete("/api/v1/tokens/1%27%20OR%201=1", TestServer.ADMIN).statusCode()).isEqualTo(400);
        assertThat(s.get("/api/v1/tokens", TestServer.ADMIN).body()).contains("pipeline");
    }

    @Test
    void publicReadOpensReadsButNeverWrites() {
        s = new TestServer(backend, ServerOptions.defaults().withPublicRead(true));
        assertThat(s.get("/api/v1/images", null).statusCode()).isEqualTo(200);
        assertThat(s.get("/", null).statusCode()).isEqualTo(200);
        // A token that is given is still checked.
        assertThat(s.get("/api/v1/images", "ddk_wrong").statusCode()).isEqualTo(401);
        assertThat(s.post("/api/v1/scans", null, Uploads.json(Uploads.body(Uploads.DIGEST))).statusCode()).isEqualTo(401);
        assertThat(s.post("/api/v1/tokens", null, "{}").statusCode()).isEqualTo(401);
    }

    @Test
    void bootstrapTokenFromTheEnvironmentIsNotPrinted() {
        s = new TestServer(backend);
        assertThat(s.log.toString()).doesNotContain(TestServer.ADMIN);
    }

    @Test
    void loginSetsAStrictHttpOnlyCookieThatOnlyReads() {
        s = new TestServer(backend);
        assertThat(s.get("/", null).headers().firstValue("Location")).hasValue("/login");
        var bad = s.send(HttpRequest.newBuilder(s.uri("/login")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=ddk_wrong")).build());
        assertThat(bad.statusCode()).isEqualTo(401);
        var ok = s.send(HttpRequest.newBuilder(s.uri("/login")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + s.viewer)).build());
        assertThat(ok.statusCode()).isEqualTo(303);
        String cookie = ok.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).contains("HttpOnly").contains("SameSite=Strict");
        String pair = cookie.substring(0, cookie.indexOf(';'));
        var page = s.send(HttpRequest.newBuilder(s.uri("/")).header("Cookie", pair).build());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<title>Images").doesNotContain(s.viewer);
        // The cookie never authorises the API or a write.
        var admin = s.send(HttpRequest.newBuilder(s.uri("/login")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + TestServer.ADMIN)).build());
        String adminPair = admin.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        var write = s.send(HttpRequest.newBuilder(s.uri("/api/v1/tokens")).header("Cookie", adminPair)
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"x\", \"role\": \"admin\"}")).build());
        assertThat(write.statusCode()).isEqualTo(401);
        assertThat(s.send(HttpRequest.newBuilder(s.uri("/api/v1/images")).header("Cookie", pair).build()).statusCode()).isEqualTo(401);
    }
}
