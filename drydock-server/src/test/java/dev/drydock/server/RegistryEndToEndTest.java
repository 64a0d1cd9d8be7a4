package dev.drydock.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drydock.server.jobs.Worker;
import dev.drydock.server.rematch.RematchFixtures;
import dev.drydock.server.store.Database;
import dev.drydock.server.web.ServerOptions;
import dev.drydock.testing.RegistryServer;
import dev.drydock.testing.TestImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The connector as an operator meets it: one {@code drydock serve} process (web and worker), a registry
 * added through the API, and its image found, scanned and shown with its finding, with nothing else done.
 */
class RegistryEndToEndTest {
    static final String ADMIN = "ddk_" + "end-to-end-admin-token-".repeat(2);
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;
    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aRegistryAddedThroughTheApiIsDiscoveredAndScanned() throws Exception {
        Path vulnDb = RematchFixtures.db2(tmp);
        TestImage.Written image = new TestImage().add(TestImage.layer().dir("etc")
                        .file("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\nVERSION_CODENAME=bookworm\n")
                        .dir("var").dir("var/lib").dir("var/lib/dpkg").file("var/lib/dpkg/status", """
                                Package: libsope1
                                Status: install ok installed
                                Architecture: amd64
                                Source: sope
                                Version: 5.8.0-1
                                Description: SOPE

                                """))
                .writeOciLayout(tmp.resolve("image"), "v");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (RegistryServer registry = RegistryServer.anonymous();
             Database db = Database.open("jdbc:sqlite:" + tmp.resolve("server.db"));
             ServerProcess server = ServerProcess.start(db, new ServerProcess.Config(ServerProcess.Role.ALL, 0, ServerOptions.defaults(),
                     new Worker.Options(2, Duration.ofSeconds(60), Duration.ofMillis(50), Duration.ofSeconds(10)), vulnDb, ADMIN),
                     new PrintStream(err, true, StandardCharsets.UTF_8))) {
            registry.push(image.layout(), "v", "shop/api:1.0");
            int port = server.port().orElseThrow();

            HttpResponse<String> added = send(port, HttpRequest.newBuilder(uri(port, "/api/v1/registries"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"url\": \"http://" + registry.host() + "\"}")));
            assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
            long job = JSON.readTree(added.body()).get("job").asLong();

            JsonNode discovery = await(port, "/api/v1/jobs/" + job, j -> j.get("state").asText().matches("done|failed"));
            assertThat(discovery.get("state").asText()).as(discovery.toString()).isEqualTo("done");
            assertThat(discovery.get("result").get("scansQueued").asInt()).isEqualTo(1);

            String digest = image.manifestDigest().toString();
            JsonNode findings = await(port, "/api/v1/images/" + digest + "/findings", f -> f.get("items").size() > 0);
            assertThat(findings.get("items").get(0).get("vulnId").asText()).isEqualTo(RematchFixtures.SOPE_CVE);
            JsonNode detail = await(port, "/api/v1/images/" + digest, d -> true);
            assertThat(detail.toString()).contains("\"registry\"").contains(registry.host());
            JsonNode registries = await(port, "/api/v1/registries", r -> true);
            assertThat(registries.get("items").get(0).get("lastDiscoveredAt").isNull()).isFalse();
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("\"event\":\"registry.discovered\"");
    }

    private URI uri(int port, String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private HttpResponse<String> send(int port, HttpRequest.Builder b) throws Exception {
        return http.send(b.header("Authorization", "Bearer " + ADMIN).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode await(int port, String path, java.util.function.Predicate<JsonNode> done) throws Exception {
        long until = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            HttpResponse<String> r = send(port, HttpRequest.newBuilder(uri(port, path)).GET());
            if (r.statusCode() == 200) {
                JsonNode n = JSON.readTree(r.body());
                if (done.test(n)) return n;
            }
            if (System.nanoTime() > until) fail("timed out waiting on " + path + ": " + r.statusCode() + " " + r.body());
            Thread.sleep(100);
        }
    }
}
