package dev.drydock.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drydock.server.jobs.JobMetrics;
import dev.drydock.server.jobs.VulnDbSource;
import dev.drydock.server.registry.Registries;
import dev.drydock.server.registry.SecretBox;
import dev.drydock.server.store.Backend;
import dev.drydock.server.store.Role;
import dev.drydock.server.store.Store;
import dev.drydock.server.store.TestDatabase;
import dev.drydock.vulndb.VulnDb;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A real server on a free loopback port over a fresh database (a temporary SQLite file, or a schema of
 * its own in the local PostgreSQL), with one token per role.
 */
final class TestServer implements AutoCloseable {
    static final String ADMIN = "ddk_" + "admin-test-token-".repeat(3);

    final TestDatabase db;
    final DrydockServer server;
    final Store store;
    final String viewer;
    final String ci;
    final String triager;
    final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    TestServer(Backend backend, ServerOptions options) {
        db = TestDatabase.open(backend);
        store = new Store(db.db);
        // a key of the test's own: the default would create a key file under the user's home
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        SecretBox box = SecretBox.of(key);
        server = DrydockServer.start(0, new Registries(store, () -> box), options, new JobMetrics(),
                new VulnDbSource(VulnDb.defaultPath()), ADMIN, new PrintStream(log, true, StandardCharsets.UTF_8));
        viewer = store.createToken("viewer", Role.VIEWER).plaintext();
        ci = store.createToken("ci", Role.CI).plaintext();
        triager = store.createToken("triager", Role.TRIAGER).plaintext();
    }

    TestServer(ServerOptions options) {
        this(Backend.SQLITE, options);
    }

    TestServer(Backend backend) {
        this(backend, ServerOptions.defaults());
    }

    TestServer() {
        this(ServerOptions.defaults());
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.port() + pathAndQuery);
    }

    HttpResponse<String> get(String path, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).GET();
        if (token != null) b.header("Authorization", "Bearer " + token);
        return send(b.build());
    }

    HttpResponse<String> post(String path, String token, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) b.header("Authorization", "Bearer " + token);
        return send(b.build());
    }

    HttpResponse<String> delete(String path, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).DELETE();
        if (token != null) b.header("Authorization", "Bearer " + token);
        return send(b.build());
    }

    HttpResponse<String> send(HttpRequest r) {
        try {
            return http.send(r, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(HttpResponse<String> r) {
        try {
            return Json.MAPPER.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        server.stop();
        db.close();
    }
}
