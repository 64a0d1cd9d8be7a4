package dev.drydock.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * Headless Chromium (Debian's {@code chromium}) driven through Debian's {@code chromedriver} over the W3C
 * WebDriver HTTP protocol: a small client of our own on java.net.http and Jackson, no Selenium. One
 * instance is one chromedriver process with one session; {@link #close()} ends both.
 */
final class Chromium implements AutoCloseable {
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    static final Path BROWSER = Path.of("/usr/bin/chromium");
    /** Only for page loads and driver start-up: generous, since the machine may be busy. */
    static final Duration PAGE_LOAD = Duration.ofSeconds(60);
    private static final String ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

    private final Path dir;
    private final Process driver;
    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String session;

    /** Starts chromedriver and a headless session; fails (never skips) when Chromium is not installed. */
    static Chromium start() {
        if (!Files.isExecutable(DRIVER) || !Files.isExecutable(BROWSER)) {
            throw new AssertionError("browser tests need Debian's chromium and chromium-driver (" + BROWSER + ", " + DRIVER
                    + "): apt-get install chromium chromium-driver (.ci/run installs them)");
        }
        return new Chromium();
    }

    private Chromium() {
        try {
            dir = Files.createTempDirectory("drydock-chromium");
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            driver = new ProcessBuilder(DRIVER.toString(), "--port=" + port)
                    .redirectErrorStream(true).redirectOutput(dir.resolve("chromedriver.log").toFile()).start();
            base = URI.create("http://127.0.0.1:" + port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            waitUntil(this::driverReady, "chromedriver to answer /status");
            ObjectNode options = Json.MAPPER.createObjectNode().put("binary", BROWSER.toString());
            var args = options.putArray("args");
            // Root needs --no-sandbox; the networking flags keep Chromium from calling Google on a closed network.
            for (String a : List.of("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                    "--user-data-dir=" + dir.resolve("profile"))) {
                args.add(a);
            }
            ObjectNode caps = Json.MAPPER.createObjectNode();
            ObjectNode always = caps.putObject("capabilities").putObject("alwaysMatch");
            always.put("browserName", "chrome").put("pageLoadStrategy", "normal");
            always.putObject("timeouts").put("pageLoad", PAGE_LOAD.toMillis()).put("implicit", 0);
            always.set("goog:chromeOptions", options);
            session = call("POST", "/session", caps).get("sessionId").asText();
        } catch (RuntimeException | Error e) {
            stopDriver();
            throw e;
        }
    }

    private boolean driverReady() {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/status")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && Json.MAPPER.readTree(r.body()).path("value").path("ready").asBoolean();
        } catch (ConnectException e) {
            if (!driver.isAlive()) throw new AssertionError("chromedriver exited with " + driver.exitValue() + ": " + driverLog());
            return false;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Opens {@code uri} and returns once it has loaded (the session's page load strategy is "normal"). */
    void open(URI uri) {
        command("POST", "/url", Json.MAPPER.createObjectNode().put("url", uri.toString()));
    }

    String title() {
        return command("GET", "/title", null).asText();
    }

    String url() {
        return command("GET", "/url", null).asText();
    }

    /** The first element matching the CSS selector; fails when there is none. */
    Element find(String css) {
        return new Element(command("POST", "/element", locator(css)).get(ELEMENT).asText());
    }

    List<Element> findAll(String css) {
        List<Element> out = new ArrayList<>();
        for (JsonNode n : command("POST", "/elements", locator(css))) out.add(new Element(n.get(ELEMENT).asText()));
        return out;
    }

    /** The rendered text of every element matching {@code css}, in document order. */
    List<String> texts(String css) {
        return findAll(css).stream().map(Element::text).toList();
    }

    /** Runs {@code js} (a function body; {@code arguments} holds {@code args}) in the page and returns its result. */
    JsonNode script(String js, Object... args) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("script", js);
        body.set("args", Json.MAPPER.valueToTree(args));
        return command("POST", "/execute/sync", body);
    }

    /**
     * Makes the browser ignore the pages' Content-Security-Policy (Chrome DevTools Page.setBypassCSP), so that
     * escaping is tested on its own: with the policy in force, injected script would be blocked anyway.
     */
    void bypassContentSecurityPolicy() {
        ObjectNode body = Json.MAPPER.createObjectNode().put("cmd", "Page.setBypassCSP");
        body.putObject("params").put("enabled", true);
        command("POST", "/goog/cdp/execute", body);
    }

    /** Waits for a page load to show (e.g. the next page's title): the only wait, and a generous one. */
    void awaitPage(BooleanSupplier loaded, String what) {
        waitUntil(() -> "complete".equals(script("return document.readyState").asText()) && loaded.getAsBoolean(), what);
    }

    private void waitUntil(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + PAGE_LOAD.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("gave up after " + PAGE_LOAD + " waiting for " + what);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    final class Element {
        final String id;

        private Element(String id) {
            this.id = id;
        }

        String text() {
            return command("GET", "/element/" + id + "/text", null).asText();
        }

        /** The DOM property (e.g. {@code value}, {@code checked}); null when it is null or undefined. */
        String property(String name) {
            JsonNode v = command("GET", "/element/" + id + "/property/" + name, null);
            return v == null || v.isNull() ? null : v.asText();
        }

        Element find(String css) {
            return new Element(command("POST", "/element/" + id + "/element", locator(css)).get(ELEMENT).asText());
        }

        List<String> texts(String css) {
            List<String> out = new ArrayList<>();
            for (JsonNode n : command("POST", "/element/" + id + "/elements", locator(css))) {
                out.add(new Element(n.get(ELEMENT).asText()).text());
            }
            return out;
        }

        void click() {
            command("POST", "/element/" + id + "/click", Json.MAPPER.createObjectNode());
        }

        void clear() {
            command("POST", "/element/" + id + "/clear", Json.MAPPER.createObjectNode());
        }

        void type(String text) {
            command("POST", "/element/" + id + "/value", Json.MAPPER.createObjectNode().put("text", text));
        }
    }

    private static ObjectNode locator(String css) {
        return Json.MAPPER.createObjectNode().put("using", "css selector").put("value", css);
    }

    private JsonNode command(String method, String path, JsonNode body) {
        return call(method, "/session/" + session + path, body);
    }

    /** One WebDriver command; a W3C error answer becomes an AssertionError naming the command and the error. */
    private JsonNode call(String method, String path, JsonNode body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(PAGE_LOAD.plusSeconds(30));
        b = body == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
                : b.header("Content-Type", "application/json; charset=utf-8")
                .method(method, HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            JsonNode value = Json.MAPPER.readTree(r.body()).path("value");
            if (r.statusCode() != 200 || value.has("error")) {
                throw new AssertionError("WebDriver " + method + " " + path + ": " + r.statusCode() + " "
                        + value.path("error").asText() + ": " + value.path("message").asText());
            }
            return value;
        } catch (IOException e) {
            throw new UncheckedIOException("WebDriver " + method + " " + path + "; chromedriver log: " + driverLog(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String driverLog() {
        try {
            return Files.readString(dir.resolve("chromedriver.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        try {
            call("DELETE", "/session/" + session, null);
        } catch (RuntimeException | AssertionError e) {
            // The driver is stopped below either way, and with it the browser.
        } finally {
            stopDriver();
        }
    }

    private void stopDriver() {
        // Chromium runs as chromedriver's child: end the browser's processes first, then the driver.
        List<ProcessHandle> browser = driver.descendants().toList();
        browser.forEach(ProcessHandle::destroy);
        driver.destroy();
        try {
            if (!driver.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) driver.destroyForcibly().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        browser.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind
        }
    }
}
