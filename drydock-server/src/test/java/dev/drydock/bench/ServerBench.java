package dev.drydock.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drydock.catalog.Catalog;
import dev.drydock.catalog.Warnings;
import dev.drydock.model.Digest;
import dev.drydock.model.ImageMetadata;
import dev.drydock.model.Layer;
import dev.drydock.model.OsRelease;
import dev.drydock.model.Package;
import dev.drydock.model.PackageType;
import dev.drydock.model.Platform;
import dev.drydock.policy.Policy;
import dev.drydock.report.JsonReportWriter;
import dev.drydock.report.ScanReport;
import dev.drydock.sbom.JsonCatalogWriter;
import dev.drydock.scan.Scanner;
import dev.drydock.scan.SeveritySelector;
import dev.drydock.server.ServerProcess;
import dev.drydock.server.jobs.Worker;
import dev.drydock.server.store.Backend;
import dev.drydock.server.store.TestDatabase;
import dev.drydock.server.web.ServerOptions;
import dev.drydock.vulndb.DbBuild;
import dev.drydock.vulndb.VulnDb;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * Throw-away harness for bench/server.sh, not a test: a fleet of N images (default 10,000) of about 100
 * findings each is uploaded to a real server over HTTP, then the image page and image list are timed,
 * then the vulnerability database is replaced and the whole fleet re-matched by the server's own worker.
 *
 * <p>The data is synthetic but goes through the real code paths: a Debian security tracker export of
 * {@code SOURCES} source packages with one or two CVEs each is built into a real vulnerability database
 * with {@link DbBuild}; every image is a catalog of 110 Debian packages (40 from one of 20 base images,
 * 70 drawn from the pool, each at a random version) that the real {@link Scanner} matches, and the upload
 * body is what {@code drydock scan --server} sends (report and SBOM by drydock-core's writers). The
 * second database fixes 10 % of the open CVEs and adds 300 new ones, so the re-match has real work.
 * Upload bodies are made before the clock starts; eight client threads send them.
 *
 * <p>Usage: {@code ServerBench sqlite|postgresql WORKDIR [images]}; prints a Markdown table.
 */
public final class ServerBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String ADMIN = "ddk_" + "bench-admin-token-".repeat(3);
    private static final int SOURCES = 4_000;
    private static final int BASES = 20;
    private static final int BASE_PACKAGES = 40;
    private static final int APP_PACKAGES = 70;
    static final int CLIENTS = 8;
    private static final OsRelease BOOKWORM = new OsRelease("debian", "12", "bookworm", "Debian GNU/Linux 12 (bookworm)", null);
    private static final String[] URGENCY = {"low", "medium", "medium", "high", "not yet assigned", "unimportant"};

    private ServerBench() {
    }

    public static void main(String[] args) throws Exception {
        Backend backend = Backend.valueOf(args[0].toUpperCase(Locale.ROOT));
        Path work = Files.createDirectories(Path.of(args[1]));
        int images = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;

        Path db1 = buildDb(work, "db1", Instant.parse("2026-11-01T03:00:00Z"), false);
        Path db2 = buildDb(work, "db2", Instant.parse("2026-11-02T03:00:00Z"), true);
        long t0 = System.nanoTime();
        List<byte[]> bodies = uploadBodies(db1, images);
        long findingsSent = 0;
        for (byte[] b : bodies) findingsSent += countFindings(b);
        System.err.printf("bench: %d upload bodies, %d findings, %.1f MiB, made in %d s%n", bodies.size(), findingsSent,
                bodies.stream().mapToLong(b -> b.length).sum() / 1048576.0, (System.nanoTime() - t0) / 1_000_000_000);

        Path serverDb = work.resolve("server-vulndb.db");
        Files.deleteIfExists(serverDb);
        try (TestDatabase t = TestDatabase.open(backend);
             ServerProcess server = ServerProcess.start(t.db, new ServerProcess.Config(ServerProcess.Role.ALL, 0,
                     ServerOptions.defaults().withVersion("bench"), Worker.Options.defaults(), serverDb, ADMIN),
                     new PrintStream(OutputStream.nullOutputStream()))) {
            Client c = new Client(server.port().orElseThrow());

            // Uploads: all of them timed; the last tenth separately, at (almost) full size.
            int tail = Math.max(1, images / 10);
            long start = System.nanoTime();
            upload(c, bodies.subList(0, images - tail));
            long mid = System.nanoTime();
            upload(c, bodies.subList(images - tail, images));
            long end = System.nanoTime();
            double all = images / ((end - start) / 1e9);
            double last = tail / ((end - mid) / 1e9);
            long storedFindings = count(t, "SELECT COUNT(*) FROM finding");
            // What autovacuum does on a normal PostgreSQL after a bulk load (the bench machine's has it off);
            // the server also does it every 15 minutes and before a fleet re-match.
            long as = System.nanoTime();
            new dev.drydock.server.store.Store(t.db).refreshStatistics();
            double analyzeSeconds = (System.nanoTime() - as) / 1e9;

            // Reads: random images' pages and the list, sequentially, after a warm-up.
            Random r = new Random(7);
            List<String> digests = IntStream.range(0, images).mapToObj(ServerBench::digest).toList();
            List<String> pages = new ArrayList<>();
            List<String> apis = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                String d = digests.get(r.nextInt(images));
                pages.add("/images/" + d);
                apis.add("/api/v1/images/" + d + "/findings");
            }
            List<String> lists = new ArrayList<>();
            String[] listQueries = {"/?sort=risk", "/?sort=risk&severity=critical", "/?repository=registry.example.com/team7/app7",
                    "/?kev=true", "/?sort=last-seen&offset=1000", "/api/v1/images?sort=risk&limit=50"};
            for (int i = 0; i < 200; i++) lists.add(listQueries[i % listQueries.length]);
            Latency page = c.time(pages);
            Latency findingsApi = c.time(apis);
            Latency list = c.time(lists);

            // Re-match: a newer database in place (an atomic rename, as `drydock db update` does), one fleet job.
            long activeBefore = count(t, "SELECT COUNT(*) FROM finding WHERE active = 1");
            Path tmp = work.resolve("server-vulndb.db.new");
            Files.copy(db2, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, serverDb, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            long rs = System.nanoTime();
            c.post("/api/v1/rematch", new byte[0]);
            long pending;
            do {
                Thread.sleep(250);
                pending = count(t, "SELECT COUNT(*) FROM job WHERE kind LIKE 'rematch.%' AND state IN ('queued', 'running')");
            } while (pending > 0);
            double rematchSeconds = (System.nanoTime() - rs) / 1e9;
            long failed = count(t, "SELECT COUNT(*) FROM job WHERE kind LIKE 'rematch.%' AND state = 'failed'");
            long activeAfter = count(t, "SELECT COUNT(*) FROM finding WHERE active = 1");
            long rematched = count(t, "SELECT COUNT(DISTINCT image_digest) FROM scan WHERE origin = 'rematch'");

            System.out.printf("| backend | %s |%n|---|---|%n", backend.name().toLowerCase(Locale.ROOT));
            System.out.printf("| images uploaded | %,d (%,d findings stored) |%n", images, storedFindings);
            System.out.printf("| upload throughput, all | %.1f uploads/s |%n", all);
            System.out.printf("| upload throughput, last %,d | %.1f uploads/s |%n", tail, last);
            System.out.printf("| planner statistics after the load (`Store.refreshStatistics`) | %.1f s |%n", analyzeSeconds);
            System.out.printf("| image page `/images/{digest}` | p50 %.1f ms, p95 %.1f ms |%n", page.p50, page.p95);
            System.out.printf("| findings API `/api/v1/images/{digest}/findings` | p50 %.1f ms, p95 %.1f ms |%n", findingsApi.p50, findingsApi.p95);
            System.out.printf("| image list (6 sorts and filters) | p50 %.1f ms, p95 %.1f ms |%n", list.p50, list.p95);
            System.out.printf("| full re-match after a DB update | %.1f s for %,d images (%d failed jobs); active findings %,d → %,d |%n",
                    rematchSeconds, rematched, failed, activeBefore, activeAfter);
        }
    }

    static long count(TestDatabase t, String sql) {
        return t.db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    static void upload(Client c, List<byte[]> bodies) throws Exception {
        send(c, bodies, k -> "/api/v1/scans");
    }

    /** Posts every body, the k-th to {@code path.apply(k)}, from {@value #CLIENTS} client threads. */
    static void send(Client c, List<byte[]> bodies, java.util.function.IntFunction<String> path) throws Exception {
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                fs.add(pool.submit(() -> {
                    for (int k; (k = next.getAndIncrement()) < bodies.size(); ) c.post(path.apply(k), bodies.get(k));
                    return null;
                }));
            }
            for (Future<?> f : fs) f.get();
        } finally {
            pool.shutdown();
        }
    }

    // ---- the synthetic fleet ----

    static String digest(int i) {
        return "sha256:" + String.format("%064x", 0xd0c0000L + i);
    }

    /** Image i: base images first (one layer), then apps on one of them (base layer + their own). */
    static Catalog catalog(int i) {
        Random r = new Random(i);
        int base = i % BASES;
        List<Package> pkgs = new ArrayList<>();
        Random br = new Random(1_000_000 + base);
        for (int k = 0; k < BASE_PACKAGES; k++) pkgs.add(deb(br.nextInt(SOURCES), br.nextInt(10)));
        List<Layer> layers = new ArrayList<>();
        layers.add(layer(0, 0xba5e00 + base));
        boolean isBase = i < BASES;
        if (!isBase) {
            for (int k = 0; k < APP_PACKAGES; k++) pkgs.add(deb(r.nextInt(SOURCES), r.nextInt(10)));
            layers.add(layer(1, 0xa99000 + i));
        }
        pkgs = new ArrayList<>(pkgs.stream().collect(java.util.stream.Collectors.toMap(Package::name, p -> p, (a, b) -> a,
                java.util.LinkedHashMap::new)).values());
        String name = isBase ? "registry.example.com/base/debian-" + base + ":12" : "registry.example.com/team" + (i % 50) + "/app" + (i % 500) + ":v" + i;
        ImageMetadata img = new ImageMetadata(name, Digest.parse(digest(i)), "application/vnd.oci.image.manifest.v1+json",
                Digest.parse("sha256:" + String.format("%064x", 0xc0f000L + i)), Platform.LINUX_AMD64, "2026-11-19T08:00:00Z", layers,
                List.of(), List.of(), Map.of("org.opencontainers.image.source", "https://git.example.com/team" + (i % 50)), Map.of());
        return new Catalog(img, BOOKWORM, pkgs, List.of());
    }

    private static Layer layer(int index, long n) {
        String hex = String.format("%064x", n);
        return new Layer(index, Digest.parse("sha256:" + hex), Digest.parse("sha256:" + new StringBuilder(hex).reverse()), 10_000_000,
                "application/vnd.oci.image.layer.v1.tar+gzip");
    }

    private static Package deb(int source, int v) {
        String src = "src" + source;
        String version = "1." + v + "-1";
        return new Package(PackageType.DEB, "lib" + src, version, "amd64", src, version, List.of("GPL-2.0"),
                "pkg:deb/debian/lib" + src + "@" + version + "?arch=amd64&distro=debian-12", null, "var/lib/dpkg/status", List.of(), Map.of());
    }

    static List<byte[]> uploadBodies(Path db, int images) {
        return IntStream.range(0, images).parallel().mapToObj(i -> {
            try (VulnDb v = VulnDb.open(db)) {
                Catalog catalog = catalog(i);
                ScanReport report = scan(v, catalog);
                ByteArrayOutputStream rep = new ByteArrayOutputStream();
                new JsonReportWriter().write(report, rep);
                ByteArrayOutputStream sbom = new ByteArrayOutputStream();
                new JsonCatalogWriter("bench").write(catalog, sbom);
                ObjectNode body = JSON.createObjectNode();
                body.put("stage", "ci");
                body.putObject("context").put("repo", "git.example.com/team" + (i % 50)).put("commit", Integer.toHexString(i));
                body.putArray("names").add(catalog.image().reference());
                body.set("report", JSON.readTree(rep.toByteArray()));
                body.set("sbom", JSON.readTree(sbom.toByteArray()));
                return JSON.writeValueAsBytes(body);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).toList();
    }

    /** drydock's own scan of a catalog, as `drydock scan` makes it. */
    static ScanReport scan(VulnDb v, Catalog catalog) {
        Instant now = Instant.parse("2026-11-20T10:00:00Z");
        return new Scanner(v, new SeveritySelector(List.of()),
                Policy.builder(LocalDate.ofInstant(now, ZoneOffset.UTC), now).exitCode(0).build(), "bench", -1)
                .scan(catalog, now, now, List.of());
    }

    private static int countFindings(byte[] body) throws IOException {
        JsonNode f = JSON.readTree(body).path("report").path("findings");
        return f.size();
    }

    /**
     * A tracker export: each source package has one or two CVEs, 30 % of them open (no fix), the rest
     * fixed at a random version 1.1-1 … 1.9-1. The second build fixes a tenth of the open ones at 1.5-1
     * and adds 300 new CVEs.
     */
    static Path buildDb(Path work, String name, Instant builtAt, boolean updated) throws IOException {
        Random r = new Random(42);
        ObjectNode tracker = JSON.createObjectNode();
        int cve = 0;
        for (int s = 0; s < SOURCES; s++) {
            ObjectNode pkg = tracker.putObject("src" + s);
            int n = 1 + r.nextInt(2);
            for (int k = 0; k < n; k++) {
                boolean open = r.nextInt(10) < 3;
                int fixed = 1 + r.nextInt(9);
                String urgency = URGENCY[r.nextInt(URGENCY.length)];
                boolean fixedNow = r.nextInt(10) == 0 && open && updated; // drawn always: both builds share one sequence
                addCve(pkg, "CVE-2026-" + (10_000 + cve++), open && !fixedNow ? null : fixedNow ? "1.5-1" : "1." + fixed + "-1", urgency);
            }
        }
        if (updated) {
            Random u = new Random(43);
            for (int k = 0; k < 300; k++) {
                ObjectNode pkg = (ObjectNode) tracker.get("src" + u.nextInt(SOURCES));
                addCve(pkg, "CVE-2026-" + (90_000 + k), u.nextBoolean() ? null : "1." + (1 + u.nextInt(9)) + "-1", "high");
            }
        }
        Path json = work.resolve(name + "-debian.json");
        JSON.writeValue(json.toFile(), tracker);
        Path target = work.resolve(name + ".db");
        Files.deleteIfExists(target);
        return new DbBuild(List.of(), json, List.of(), List.of(), null, null).run(target, builtAt, "drydock bench", new Warnings(), s -> {
        });
    }

    private static void addCve(ObjectNode pkg, String id, String fixedVersion, String urgency) {
        ObjectNode c = pkg.putObject(id);
        c.put("scope", "remote");
        c.put("description", "Synthetic vulnerability " + id + " for the server benchmark.");
        ObjectNode rel = c.putObject("releases").putObject("bookworm");
        rel.put("status", fixedVersion == null ? "open" : "resolved");
        rel.putObject("repositories").put("bookworm", "1.9-1");
        if (fixedVersion != null) rel.put("fixed_version", fixedVersion);
        rel.put("urgency", urgency);
    }

    // ---- HTTP ----

    record Latency(double p50, double p95) {
    }

    static final class Client {
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        private final String base;

        Client(int port) {
            base = "http://127.0.0.1:" + port;
        }

        String post(String path, byte[] body) throws IOException, InterruptedException {
            HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + ADMIN)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (res.statusCode() / 100 != 2) throw new IllegalStateException(path + " → " + res.statusCode() + ": " + res.body());
            return res.body();
        }

        Latency time(List<String> paths) throws IOException, InterruptedException {
            for (int i = 0; i < Math.min(50, paths.size()); i++) get(paths.get(i));
            double[] ms = new double[paths.size()];
            for (int i = 0; i < paths.size(); i++) {
                long s = System.nanoTime();
                get(paths.get(i));
                ms[i] = (System.nanoTime() - s) / 1e6;
            }
            Arrays.sort(ms);
            return new Latency(ms[ms.length / 2], ms[(int) Math.ceil(ms.length * 0.95) - 1]);
        }

        String getBody(String path) throws IOException, InterruptedException {
            HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + ADMIN).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (res.statusCode() != 200) throw new IllegalStateException(path + " → " + res.statusCode() + ": " + res.body());
            return res.body();
        }

        private void get(String path) throws IOException, InterruptedException {
            HttpResponse<byte[]> res = http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + ADMIN).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (res.statusCode() != 200) throw new IllegalStateException(path + " → " + res.statusCode());
        }
    }
}
