package dev.drydock.cli;

import com.sun.net.httpserver.HttpServer;
import dev.drydock.catalog.Warnings;
import dev.drydock.model.Digest;
import dev.drydock.testing.Fixtures;
import dev.drydock.testing.RegistryServer;
import dev.drydock.testing.TestImage;
import dev.drydock.vulndb.DbBuild;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static dev.drydock.cli.SbomCommandTest.drydock;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code drydock db update|push|pull} against a local feed server and Debian's real docker-registry. */
class DbCommandsTest {
    @TempDir
    Path tmp;
    HttpServer feeds;
    final Map<String, byte[]> files = new ConcurrentHashMap<>();
    final List<String> requests = new CopyOnWriteArrayList<>();

    /**
     * Stands in for the upstream sites (osv.dev's bucket, the Debian tracker, CISA, FIRST, NVD), which this
     * machine cannot reach: a static file server with ETags, as they have.
     */
    @BeforeEach
    void feedServer() throws IOException {
        feeds = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        feeds.createContext("/", ex -> {
            String path = ex.getRequestURI().getPath();
            byte[] body = files.get(path);
            requests.add(ex.getRequestMethod() + " " + path + (ex.getRequestHeaders().containsKey("If-None-Match") ? " conditional" : ""));
            if (body == null) {
                ex.sendResponseHeaders(path.endsWith("/fail") ? 500 : 404, -1);
                ex.close();
                return;
            }
            String etag = "\"" + Digest.sha256(body).hex().substring(0, 16) + "\"";
            ex.getResponseHeaders().add("ETag", etag);
            if (etag.equals(ex.getRequestHeaders().getFirst("If-None-Match"))) {
                ex.sendResponseHeaders(304, -1);
            } else {
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
            }
            ex.close();
        });
        feeds.start();
        files.put("/osv/Maven/all.zip", zip(Fixtures.path("accuracy/language/osv")));
        files.put("/osv/npm/all.zip", zip(Fixtures.path("osv")));
        files.put("/debian.json", Files.readAllBytes(Fixtures.path("accuracy/debian-bookworm/tracker.json")));
        files.put("/kev.json", Files.readAllBytes(Fixtures.path("kev/known_exploited_vulnerabilities.json.gz")));
        files.put("/epss.csv", Files.readAllBytes(Fixtures.path("epss/example-1.csv")));
        files.put("/nvd/" + Instant.now().atZone(java.time.ZoneOffset.UTC).getYear() + ".json",
                TestImage.gzip(Files.readAllBytes(Fixtures.path("nvd/full-page.json"))));
    }

    @AfterEach
    void stop() {
        feeds.stop(0);
    }

    private String base() {
        return "http://127.0.0.1:" + feeds.getAddress().getPort();
    }

    private SbomCommandTest.Run update(Path db, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("db", "update", "--db", db.toString(),
                "--sources", "osv,debian,nvd,kev,epss", "--osv-ecosystem", "Maven,npm", "--nvd-since", "2026",
                "--url", "osv=" + base() + "/osv", "--url", "debian=" + base() + "/debian.json",
                "--url", "nvd=" + base() + "/nvd/{year}.json", "--url", "kev=" + base() + "/kev.json",
                "--url", "epss=" + base() + "/epss.csv"));
        args.addAll(List.of(extra));
        return drydock(args.toArray(String[]::new));
    }

    private static byte[] zip(Path dir) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out); var list = Files.list(dir)) {
            for (Path f : list.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                z.putNextEntry(new ZipEntry(f.getFileName().toString()));
                z.write(Files.readAllBytes(f));
                z.closeEntry();
            }
        }
        return out.toByteArray();
    }

    @Test
    void updateBuildsFromEverySourceThenOnlyAsksWhetherAnythingChanged() throws IOException {
        Path db = tmp.resolve("db/drydock.db");
        SbomCommandTest.Run first = update(db);
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.err()).contains("rebuilt");
        SbomCommandTest.Run status = drydock("db", "status", "--db", db.toString());
        assertThat(status.out()).contains("osv").contains("debian-tracker").contains("nvd").contains("kev").contains("epss");
        assertThat(Files.exists(db.resolveSibling("feeds/osv/Maven.zip"))).isTrue();

        requests.clear();
        byte[] before = Files.readAllBytes(db);
        SbomCommandTest.Run second = update(db);
        assertThat(second.code()).isZero();
        assertThat(second.err()).contains("up to date");
        assertThat(requests).isNotEmpty().allSatisfy(r -> assertThat(r).endsWith("conditional"));
        assertThat(Files.readAllBytes(db)).isEqualTo(before);

        files.put("/kev.json", Files.readAllBytes(Fixtures.path("kev/valid-catalog-1.json")));
        SbomCommandTest.Run third = update(db);
        assertThat(third.err()).contains("rebuilt");
        assertThat(drydock("db", "status", "--db", db.toString()).out()).doesNotContain("1,404 records");
    }

    @Test
    void aFailedDownloadLeavesTheDatabaseAsItWas() throws IOException {
        Path db = tmp.resolve("db/drydock.db");
        assertThat(update(db).code()).isZero();
        byte[] before = Files.readAllBytes(db);
        files.remove("/kev.json");
        files.put("/osv/npm/all.zip", "changed".getBytes());
        SbomCommandTest.Run r = update(db);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip().lines()).last().asString().startsWith("drydock: ").contains("kev.json");
        assertThat(Files.readAllBytes(db)).isEqualTo(before);
    }

    @Test
    void pushThenPullThroughARealRegistryGivesTheSameDatabase() throws IOException {
        Path db = new DbBuild(List.of(Fixtures.path("osv")), null, List.of(), List.of(), null, null)
                .run(tmp.resolve("source.db"), Instant.parse("2026-11-26T00:00:00Z"), "test", new Warnings(), s -> {
                });
        try (RegistryServer registry = RegistryServer.anonymous()) {
            String ref = registry.ref("security/drydock-db:1");
            SbomCommandTest.Run push = drydock("db", "push", ref, "--db", db.toString(), "--insecure");
            assertThat(push.code()).as(push.err()).isZero();
            String digest = push.out().strip();
            assertThat(digest).startsWith("sha256:");

            Path pulled = tmp.resolve("site/drydock.db");
            SbomCommandTest.Run pull = drydock("db", "pull", ref.replace(":1", "@" + digest), "--db", pulled.toString(), "--insecure");
            assertThat(pull.code()).as(pull.err()).isZero();
            assertThat(Files.readAllBytes(pulled)).isEqualTo(Files.readAllBytes(db));
            assertThat(drydock("db", "status", "--db", pulled.toString()).out()).contains("osv");

            // an ordinary image under the same name is refused and the database stays
            new TestImage().add(TestImage.layer().file("etc/hostname", "x\n")).writeOciLayout(tmp.resolve("img"), "v1");
            dev.drydock.testing.Tools.run("skopeo", "copy", "--dest-tls-verify=false", "oci:" + tmp.resolve("img") + ":v1",
                    "docker://" + registry.ref("security/drydock-db:2"));
            SbomCommandTest.Run wrong = drydock("db", "pull", ref.replace(":1", ":2"), "--db", pulled.toString(), "--insecure");
            assertThat(wrong.code()).isEqualTo(2);
            assertThat(Files.readAllBytes(pulled)).isEqualTo(Files.readAllBytes(db));
        }
    }

    @Test
    void pushRefusesAFileThatIsNotADatabase() throws IOException {
        Path notDb = tmp.resolve("x.db");
        Files.writeString(notDb, "nope");
        SbomCommandTest.Run r = drydock("db", "push", "127.0.0.1:1/x:1", "--db", notDb.toString(), "--insecure");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("not a");
    }
}
