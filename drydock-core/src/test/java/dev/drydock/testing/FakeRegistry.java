package dev.drydock.testing;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.drydock.model.Digest;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A programmable HTTP server on 127.0.0.1 for what a real registry cannot be made to do:
 * redirect loops, stalls, wrong digests, truncated bodies, rate limiting, outages.
 * Routes are exact paths; a later {@link #route} for the same path replaces the earlier one.
 * {@link #serve} answers like a registry for one image, and tests then override single routes.
 */
public final class FakeRegistry implements AutoCloseable {
    /** Answers one request. */
    @FunctionalInterface
    public interface Handler {
        void handle(HttpExchange ex) throws IOException;
    }

    /** A request as the server saw it. */
    public record Seen(String method, String path, Map<String, List<String>> headers, long atNanos) {
        public String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) return e.getValue().get(0);
            }
            return null;
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-registry");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Handler> routes = new ConcurrentHashMap<>();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final CountDownLatch closing = new CountDownLatch(1);

    private FakeRegistry() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 32);
        server.createContext("/", this::dispatch);
        server.setExecutor(executor);
        server.start();
        route("/v2/", json(200, "application/json", "{}"));
    }

    public static FakeRegistry start() {
        try {
            return new FakeRegistry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String host() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public FakeRegistry route(String path, Handler h) {
        routes.put(path, h);
        return this;
    }

    public List<Seen> requests() {
        return List.copyOf(seen);
    }

    public List<Seen> requests(String path) {
        return seen.stream().filter(s -> s.path().equals(path)).toList();
    }

    /**
     * Serves an image written by {@link TestImage} as {@code repo:tag} (manifest by tag and by digest,
     * config and layer blobs), with the headers a registry sends.
     */
    public FakeRegistry serve(String repo, String tag, TestImage.Written image) {
        Path blobs = image.layout().resolve("blobs/sha256");
        byte[] manifest = read(blobs.resolve(image.manifestDigest().hex()));
        Handler m = manifest(manifest, "application/vnd.oci.image.manifest.v1+json", image.manifestDigest());
        route(manifestPath(repo, tag), m);
        route(manifestPath(repo, image.manifestDigest().toString()), m);
        try (var files = Files.list(blobs)) {
            for (Path f : files.toList()) {
                Digest d = new Digest("sha256", f.getFileName().toString());
                route(blobPath(repo, d), blob(read(f)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public static String manifestPath(String repo, String reference) {
        return "/v2/" + repo + "/manifests/" + reference;
    }

    public static String blobPath(String repo, Digest digest) {
        return "/v2/" + repo + "/blobs/" + digest;
    }

    /** Reads a blob of the image (to tamper with it). */
    public static byte[] blobOf(TestImage.Written image, Digest digest) {
        return read(image.layout().resolve("blobs/sha256").resolve(digest.hex()));
    }

    // ---- handlers ----

    public static Handler json(int status, String contentType, String body) {
        return bytes(status, contentType, body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    public static Handler bytes(int status, String contentType, byte[] body, Map<String, String> headers) {
        return ex -> {
            if (contentType != null) ex.getResponseHeaders().set("Content-Type", contentType);
            headers.forEach(ex.getResponseHeaders()::set);
            ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            if (body.length > 0) ex.getResponseBody().write(body);
        };
    }

    /** A manifest with Docker-Content-Digest set to {@code announced} (which a test may make wrong). */
    public static Handler manifest(byte[] body, String mediaType, Digest announced) {
        return bytes(200, mediaType, body, announced == null ? Map.of() : Map.of("Docker-Content-Digest", announced.toString()));
    }

    public static Handler blob(byte[] body) {
        return bytes(200, "application/octet-stream", body, Map.of());
    }

    /** An OCI error body, as registries send with 4xx answers. */
    public static Handler error(int status, String code, String message) {
        return json(status, "application/json", "{\"errors\":[{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}]}");
    }

    public static Handler redirect(int status, String location) {
        return ex -> {
            ex.getResponseHeaders().set("Location", location);
            ex.sendResponseHeaders(status, -1);
        };
    }

    /** Answers with each handler in turn; the last one answers every later request. */
    public static Handler sequence(Handler... handlers) {
        AtomicInteger n = new AtomicInteger();
        return ex -> handlers[Math.min(n.getAndIncrement(), handlers.length - 1)].handle(ex);
    }

    /** Sends headers promising {@code body.length} bytes, then only the first {@code sent}, then closes. */
    public static Handler truncated(byte[] body, int sent) {
        return ex -> {
            ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
            ex.sendResponseHeaders(200, body.length);
            OutputStream out = ex.getResponseBody();
            out.write(body, 0, sent);
            out.flush();
            // closing the exchange short of the promised length makes the JDK server drop the connection
        };
    }

    /** Sends headers and the first {@code sent} bytes, then goes silent until the server closes. */
    public Handler stallAfter(byte[] body, int sent) {
        return ex -> {
            ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
            ex.sendResponseHeaders(200, body.length);
            OutputStream out = ex.getResponseBody();
            out.write(body, 0, sent);
            out.flush();
            awaitClose(Duration.ofMinutes(5));
        };
    }

    /** Says nothing at all (no headers) until the server closes. */
    public Handler silent() {
        return ex -> awaitClose(Duration.ofMinutes(5));
    }

    /** Sends headers and then an endless body. */
    public static Handler endless(String contentType) {
        return ex -> {
            ex.getResponseHeaders().set("Content-Type", contentType);
            ex.sendResponseHeaders(200, 0);
            byte[] chunk = "{\"padding\":\"".concat("x".repeat(8180)).getBytes(StandardCharsets.UTF_8);
            OutputStream out = ex.getResponseBody();
            while (true) out.write(chunk);
        };
    }

    private void awaitClose(Duration max) {
        try {
            closing.await(max.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void dispatch(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getRawPath();
        Headers h = ex.getRequestHeaders();
        seen.add(new Seen(ex.getRequestMethod(), path, Map.copyOf(h), System.nanoTime()));
        try {
            ex.getRequestBody().readAllBytes();
            Handler handler = routes.get(path);
            if (handler == null) handler = error(404, "NOT_FOUND", "no route for this path");
            handler.handle(ex);
        } catch (IOException e) {
            // a handler that fails on purpose (truncation) or a client that went away
        } finally {
            ex.close();
        }
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
