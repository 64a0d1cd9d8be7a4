package dev.drydock.vulndb.dist;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.drydock.image.BadInputException;
import dev.drydock.image.RetryPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FeedDownloaderTest {
    @TempDir
    Path tmp;

    FeedServer server;
    Path target;

    @BeforeEach
    void start() throws IOException {
        server = new FeedServer();
        server.content(bytes(200_000, 1), 1);
        target = tmp.resolve("feeds").resolve("all.zip");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static FeedDownloader.Options options(int attempts) {
        return FeedDownloader.Options.defaults()
                .withRetry(new RetryPolicy(attempts, Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofSeconds(1)))
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(20));
    }

    FeedDownloader.Result download(String path, FeedDownloader.Options o) {
        return new FeedDownloader(o).download(server.uri(path), target, FeedDownloader.Progress.NONE);
    }

    Path part() {
        return target.resolveSibling("all.zip.part");
    }

    @Test
    void secondDownloadIsConditionalAndA304KeepsTheFile() throws IOException {
        AtomicLong last = new AtomicLong();
        FeedDownloader.Result first = new FeedDownloader(options(1)).download(server.uri("/feed"), target, (done, total) -> {
            assertThat(total).isEqualTo(200_000);
            last.set(done);
        });
        assertThat(first.status()).isEqualTo(FeedDownloader.Status.DOWNLOADED);
        assertThat(Files.readAllBytes(target)).isEqualTo(server.content);
        assertThat(last.get()).isEqualTo(200_000);
        assertThat(target.resolveSibling("all.zip.meta.json")).exists();

        FeedDownloader.Result second = download("/feed", options(1));
        assertThat(second.status()).isEqualTo(FeedDownloader.Status.UNCHANGED);
        assertThat(server.last().get("If-None-Match")).isEqualTo("\"v1\"");
        assertThat(server.last().get("If-Modified-Since")).isEqualTo(server.lastModified);
        assertThat(server.last().get("status")).isEqualTo("304");
        assertThat(Files.readAllBytes(target)).isEqualTo(server.content);

        // a new version upstream: the conditional request gets a 200 and the file is replaced
        server.content(bytes(1000, 2), 2);
        assertThat(download("/feed", options(1)).status()).isEqualTo(FeedDownloader.Status.DOWNLOADED);
        assertThat(Files.readAllBytes(target)).isEqualTo(server.content);
    }

    @Test
    void aConnectionCutMidBodyIsResumedWithRangeAndIfRange() throws IOException {
        server.cuts.set(1);
        FeedDownloader.Result r = download("/feed", options(3));
        assertThat(r.status()).isEqualTo(FeedDownloader.Status.DOWNLOADED);
        assertThat(r.resumed()).isTrue();
        assertThat(Files.readAllBytes(target)).isEqualTo(server.content);
        Map<String, String> resume = server.last();
        assertThat(resume.get("Range")).isEqualTo("bytes=" + FeedServer.CUT_AFTER + "-");
        assertThat(resume.get("If-Range")).isEqualTo("\"v1\"");
        assertThat(resume.get("status")).isEqualTo("206");
        assertThat(part()).doesNotExist();
    }

    @Test
    void aPartLeftByAnInterruptedRunIsResumedByTheNextRun() throws IOException {
        server.cuts.set(1);
        assertThatThrownBy(() -> download("/feed", options(1))).isInstanceOf(BadInputException.class);
        assertThat(target).doesNotExist();
        assertThat(Files.size(part())).isEqualTo(FeedServer.CUT_AFTER);

        FeedDownloader.Result r = download("/feed", options(1));
        assertThat(r.resumed()).isTrue();
        assertThat(Files.readAllBytes(target)).isEqualTo(server.content);
        assertThat(server.requests).hasSize(2);
    }

    @Test
    void aServerIgnoringRangeSendsEverythingAgainAndWeStartOver() throws IOException {
        server.ignoreRange = true;
        server.cuts.set(1);
        FeedDownloader.Result r = download("/feed", options(3));
        assertThat(r.resumed()).isFalse();
        assertThat(server.last().get("Range")).isNotNull();
        assertThat(server.last().get("status")).isEqualTo("200");
        assertThat(Files.readAllBytes(target)).isEqualTo(server.content);
    }

    @Test
    void aFileChangedBetweenAttemptsFailsIfRangeAndIsFetchedWhole() throws IOException {
        server.cuts.set(1);
        assertThatThrownBy(() -> download("/feed", options(1))).isInstanceOf(BadInputException.class);
        server.content(bytes(150_000, 3), 2);

        FeedDownloader.Result r = download("/feed", options(1));
        assertThat(server.last().get("If-Range")).isEqualTo("\"v1\"");
        assertThat(server.last().get("status")).isEqualTo("200");
        assertThat(r.resumed()).isFalse();
        assertThat(r.etag()).isEqualTo("\"v2\"");
        assertThat(Files.readAllBytes(target)).isEqualTo(server.content);
    }

    @Test
    void notFoundIsAClearErrorAndAnExistingFileStays() throws IOException {
        assertThatThrownBy(() -> download("/missing", options(3)))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("/missing was not found (HTTP 404)");
        assertThat(target).doesNotExist();
        assertThat(server.requests).hasSize(1); // a 404 is not retried

        download("/feed", options(1));
        assertThatThrownBy(() -> download("/missing", options(1))).isInstanceOf(BadInputException.class);
        assertThat(Files.readAllBytes(target)).isEqualTo(server.content);
    }

    @Test
    void oversizeFailsAndLeavesNoFileWhetherTheLengthIsDeclaredOrNot() {
        assertThatThrownBy(() -> download("/feed", options(3).withMaxBytes(100_000)))
                .isInstanceOf(BadInputException.class).hasMessageContaining("over the limit of 100000 bytes");
        assertThat(target).doesNotExist();
        assertThat(part()).doesNotExist();

        assertThatThrownBy(() -> download("/chunked", options(3).withMaxBytes(100_000)))
                .isInstanceOf(BadInputException.class).hasMessageContaining("over the limit of 100000 bytes");
        assertThat(target).doesNotExist();
        assertThat(part()).doesNotExist();
    }

    @Test
    void aStalledServerTimesOut() {
        server.stallAfter = 5000;
        FeedDownloader.Options o = options(2).withTimeouts(Duration.ofSeconds(5), Duration.ofMillis(300));
        assertThatThrownBy(() -> download("/feed", o))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("after 2 tries")
                .hasMessageContaining("sent nothing for 300 ms");
        assertThat(target).doesNotExist();
    }

    @Test
    void serverErrorsAreRetried() throws IOException {
        server.failures.set(2);
        FeedDownloader.Result r = download("/feed", options(3));
        assertThat(r.status()).isEqualTo(FeedDownloader.Status.DOWNLOADED);
        assertThat(server.requests).hasSize(3);
        assertThat(Files.readAllBytes(target)).isEqualTo(server.content);

        server.failures.set(5);
        assertThatThrownBy(() -> download("/missing-too", options(2))).isInstanceOf(BadInputException.class)
                .hasMessageContaining("HTTP 503").hasMessageContaining("after 2 tries");
    }

    @Test
    void redirectsAreFollowedUpToFiveHopsAndOnlyToHttp() throws IOException {
        // /redirect/n answers with n+1 redirects before /feed
        assertThat(download("/redirect/4", options(1)).status()).isEqualTo(FeedDownloader.Status.DOWNLOADED);
        assertThat(Files.readAllBytes(target)).isEqualTo(server.content);
        assertThatThrownBy(() -> download("/redirect/5", options(1)))
                .isInstanceOf(BadInputException.class).hasMessageContaining("redirected more than 5 times");
        assertThatThrownBy(() -> download("/to-file", options(1)))
                .isInstanceOf(BadInputException.class).hasMessageContaining("only http and https");
        assertThatThrownBy(() -> new FeedDownloader(options(1)).download(URI.create("file:///etc/passwd"), target, null))
                .isInstanceOf(BadInputException.class).hasMessageContaining("only http and https");
    }

    /**
     * Stands in for the upstream feed sites (OSV, Debian, NVD …), which this machine cannot reach: a
     * static file server with ETag, Last-Modified, If-None-Match / If-Modified-Since and byte ranges with
     * If-Range, plus the misbehaviour each test switches on (cut connections, ignored ranges, stalls, 503s).
     */
    static final class FeedServer implements AutoCloseable {
        static final int CUT_AFTER = 70_000;
        private static final ZonedDateTime EPOCH = ZonedDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

        final HttpServer http;
        final ExecutorService executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "feed-server");
            t.setDaemon(true);
            return t;
        });
        final List<Map<String, String>> requests = new CopyOnWriteArrayList<>();
        final CountDownLatch closing = new CountDownLatch(1);
        final AtomicInteger cuts = new AtomicInteger();
        final AtomicInteger failures = new AtomicInteger();
        volatile byte[] content;
        volatile String etag;
        volatile String lastModified;
        volatile boolean ignoreRange;
        volatile int stallAfter = -1;

        FeedServer() throws IOException {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            http.createContext("/", this::handle);
            http.setExecutor(executor);
            http.start();
        }

        void content(byte[] c, int version) {
            content = c;
            etag = "\"v" + version + "\"";
            lastModified = DateTimeFormatter.RFC_1123_DATE_TIME.format(EPOCH.plusDays(version));
        }

        URI uri(String path) {
            return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + path);
        }

        Map<String, String> last() {
            return requests.get(requests.size() - 1);
        }

        private void handle(HttpExchange ex) throws IOException {
            try (ex) {
                Map<String, String> seen = new LinkedHashMap<>();
                seen.put("path", ex.getRequestURI().getPath());
                for (String h : List.of("Range", "If-Range", "If-None-Match", "If-Modified-Since")) {
                    String v = ex.getRequestHeaders().getFirst(h);
                    if (v != null) seen.put(h, v);
                }
                requests.add(seen);
                String path = ex.getRequestURI().getPath();
                if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    respond(ex, seen, 503, -1);
                    return;
                }
                if (path.startsWith("/redirect/")) {
                    int n = Integer.parseInt(path.substring("/redirect/".length()));
                    ex.getResponseHeaders().set("Location", n == 0 ? "/feed" : "/redirect/" + (n - 1));
                    respond(ex, seen, 302, -1);
                    return;
                }
                if (path.equals("/to-file")) {
                    ex.getResponseHeaders().set("Location", "file:///etc/passwd");
                    respond(ex, seen, 302, -1);
                    return;
                }
                if (path.equals("/chunked")) {
                    respond(ex, seen, 200, 0);
                    ex.getResponseBody().write(content);
                    return;
                }
                if (!path.equals("/feed")) {
                    respond(ex, seen, 404, -1);
                    return;
                }
                serveFile(ex, seen);
            }
        }

        private void serveFile(HttpExchange ex, Map<String, String> seen) throws IOException {
            byte[] body = content;
            ex.getResponseHeaders().set("ETag", etag);
            ex.getResponseHeaders().set("Last-Modified", lastModified);
            ex.getResponseHeaders().set("Accept-Ranges", "bytes");
            String inm = seen.get("If-None-Match");
            String ims = seen.get("If-Modified-Since");
            if (inm != null ? inm.equals(etag) : lastModified.equals(ims)) {
                respond(ex, seen, 304, -1);
                return;
            }
            int from = 0;
            String range = seen.get("Range");
            String ifRange = seen.get("If-Range");
            boolean rangeApplies = range != null && !ignoreRange && (ifRange == null || ifRange.equals(etag) || ifRange.equals(lastModified));
            if (rangeApplies && range.matches("bytes=\\d+-")) {
                from = Integer.parseInt(range.substring(6, range.length() - 1));
                if (from >= body.length) {
                    ex.getResponseHeaders().set("Content-Range", "bytes */" + body.length);
                    respond(ex, seen, 416, -1);
                    return;
                }
                ex.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + (body.length - 1) + "/" + body.length);
            }
            int length = body.length - from;
            respond(ex, seen, from > 0 ? 206 : 200, length);
            OutputStream out = ex.getResponseBody();
            if (stallAfter >= 0) {
                out.write(body, from, Math.min(stallAfter, length));
                out.flush();
                await();
                return;
            }
            if (cuts.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                out.write(body, from, Math.min(CUT_AFTER, length));
                out.flush();
                // closing the exchange short of the promised length makes the JDK server drop the connection
                return;
            }
            out.write(body, from, length);
        }

        private static void respond(HttpExchange ex, Map<String, String> seen, int status, long length) throws IOException {
            seen.put("status", String.valueOf(status));
            ex.sendResponseHeaders(status, length);
        }

        private void await() {
            try {
                closing.await(2, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() {
            closing.countDown();
            http.stop(0);
            executor.shutdownNow();
        }
    }
}
