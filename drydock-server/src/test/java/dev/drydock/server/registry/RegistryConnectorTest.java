package dev.drydock.server.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drydock.image.RetryPolicy;
import dev.drydock.server.jobs.JobMetrics;
import dev.drydock.server.jobs.Log;
import dev.drydock.server.jobs.VulnDbSource;
import dev.drydock.server.jobs.Worker;
import dev.drydock.server.rematch.RematchFixtures;
import dev.drydock.server.store.Backend;
import dev.drydock.server.store.FindingRow;
import dev.drydock.server.store.ImageDetail;
import dev.drydock.server.store.JobStatus;
import dev.drydock.server.store.MutableClock;
import dev.drydock.server.store.RegistryRow;
import dev.drydock.server.store.ScanRow;
import dev.drydock.server.store.Stage;
import dev.drydock.server.store.Store;
import dev.drydock.server.store.TestDatabase;
import dev.drydock.testing.FakeRegistry;
import dev.drydock.testing.RegistryServer;
import dev.drydock.testing.TestImage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The registry connector end to end on both databases: Debian's docker-registry (anonymous and htpasswd
 * Basic auth) with images pushed by skopeo, discovery and scan jobs run by a real {@link Worker}, matched
 * against a vulnerability database built from the real Debian tracker fixture.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class RegistryConnectorTest {
    static final String USER = "registry-bot";
    static final String PASSWORD = "s3cret-Pa55word-never-logged";
    static final Instant T0 = Instant.parse("2026-11-20T08:00:00Z");
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    static Path vulnDbFile;
    static RegistryServer anonymous;
    static RegistryServer basic;
    /** debian 12 with libsope1 5.8.0-1: CVE-2025-53603, fixed in 5.8.0-1+deb12u1. */
    static TestImage.Written vulnerable;
    /** debian 12 with the fixed libsope1. */
    static TestImage.Written fixed;

    @Parameter
    Backend backend;
    TestDatabase t;
    MutableClock clock;
    Store store;
    Registries registries;
    VulnDbSource vulnDb;
    ByteArrayOutputStream logBytes;
    Worker worker;

    @BeforeAll
    static void startRegistries() {
        vulnDbFile = RematchFixtures.db2(tmp);
        vulnerable = debian("5.8.0-1", "vulnerable");
        fixed = debian("5.8.0-1+deb12u1", "fixed");
        anonymous = RegistryServer.anonymous();
        basic = RegistryServer.builder().basicAuth(USER, PASSWORD).start();
        for (RegistryServer r : List.of(anonymous, basic)) {
            r.push(vulnerable.layout(), "v", "shop/api:1.0");
            r.push(vulnerable.layout(), "v", "shop/api:latest");
            r.push(fixed.layout(), "v", "shop/api:1.1");
        }
    }

    static TestImage.Written debian(String sopeVersion, String dir) {
        String status = """
                Package: libsope1
                Status: install ok installed
                Priority: optional
                Section: libs
                Installed-Size: 4000
                Maintainer: Debian SOPE Maintainers <sope@example.org>
                Architecture: amd64
                Source: sope
                Version: %s
                Description: SOPE application server library

                """.formatted(sopeVersion);
        return new TestImage().add(TestImage.layer().dir("etc")
                        .file("etc/os-release", "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\nVERSION_ID=\"12\"\nVERSION_CODENAME=bookworm\n")
                        .dir("var").dir("var/lib").dir("var/lib/dpkg").file("var/lib/dpkg/status", status))
                .writeOciLayout(tmp.resolve(dir), "v");
    }

    @AfterAll
    static void stopRegistries() throws Exception {
        if (anonymous != null) anonymous.close();
        if (basic != null) basic.close();
    }

    @BeforeEach
    void open() {
        t = TestDatabase.open(backend);
        clock = new MutableClock(T0);
        store = new Store(t.db, clock);
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        SecretBox box = SecretBox.of(key);
        registries = new Registries(store, () -> box, RetryPolicy.NONE);
        vulnDb = new VulnDbSource(vulnDbFile);
        logBytes = new ByteArrayOutputStream();
        Log log = new Log(new PrintStream(logBytes, true, StandardCharsets.UTF_8));
        worker = new Worker(store, RegistryJobs.handlers(registries, vulnDb, "test", log),
                new Worker.Options(1, Duration.ofSeconds(60), Duration.ofMillis(20), Duration.ofSeconds(10)), new JobMetrics(), log).start();
    }

    @AfterEach
    void close() {
        worker.close();
        vulnDb.close();
        t.close();
    }

    private RegistryRow add(RegistryServer r, String user, String password) {
        return registries.add("http://" + r.host(), user, password).row().orElseThrow();
    }

    private long discover(RegistryRow r) {
        return store.enqueueUnique(RegistryJobs.DISCOVER, RegistryJobs.discoverPayload(r.id()), RegistryJobs.discoverKey(r.id())).orElseThrow();
    }

    private static void await(String what, BooleanSupplier done) {
        long until = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > until) fail("timed out waiting for " + what);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private JobStatus job(long id) {
        return store.job(id).orElseThrow();
    }

    private JobStatus awaitFinished(long id) {
        await("job " + id, () -> job(id).state().equals("done") || job(id).state().equals("failed"));
        return job(id);
    }

    /** Until no job is queued or running (every job here succeeds on its first attempt). */
    private void awaitQueueEmpty() {
        await("the queue to empty", () -> t.db.jdbi().withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM job WHERE state IN ('queued', 'running')").mapTo(Integer.class).one()) == 0);
    }

    private List<Map<String, Object>> jobs(String kind) {
        return t.db.jdbi().withHandle(h -> h.createQuery("SELECT * FROM job WHERE kind = :kind ORDER BY id")
                .bind("kind", kind).mapToMap().list());
    }

    private String digestOf(TestImage.Written image) {
        return image.manifestDigest().toString();
    }

    @Test
    void discoveryRecordsSightingsQueuesScansAndTheScansStoreFindings() throws Exception {
        RegistryRow r = add(anonymous, null, null);
        JobStatus d = awaitFinished(discover(r));
        assertThat(d.state()).isEqualTo("done");
        JsonNode result = JSON.readTree(d.result());
        assertThat(result.get("repositories").asInt()).isEqualTo(1);
        assertThat(result.get("tags").asInt()).isEqualTo(3);
        assertThat(result.get("digests").asInt()).isEqualTo(2);
        assertThat(result.get("scansQueued").asInt()).isEqualTo(2);
        assertThat(jobs(RegistryJobs.SCAN)).extracting(m -> m.get("dedupe_key"))
                .containsExactlyInAnyOrder("registry.scan:" + digestOf(vulnerable), "registry.scan:" + digestOf(fixed));
        awaitQueueEmpty();

        // both images seen in the registry under their tags, and scanned there
        ImageDetail v = store.image(digestOf(vulnerable)).orElseThrow();
        assertThat(v.names()).extracting(n -> n.name().toString())
                .containsExactlyInAnyOrder(anonymous.host() + "/shop/api:1.0", anonymous.host() + "/shop/api:latest");
        assertThat(v.stages()).anySatisfy(s -> {
            assertThat(s.stage()).isEqualTo(Stage.REGISTRY);
            assertThat(s.lastScanned()).isNotNull();
        });
        List<ScanRow> scans = store.scans(digestOf(vulnerable));
        assertThat(scans).singleElement().satisfies(s -> {
            assertThat(s.stage()).isEqualTo(Stage.REGISTRY);
            assertThat(s.scanner()).isEqualTo("drydock");
        });
        assertThat(store.findings(digestOf(vulnerable), false)).extracting(FindingRow::vulnId, FindingRow::fixedVersion)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(RematchFixtures.SOPE_CVE, "5.8.0-1+deb12u1"));
        assertThat(store.findings(digestOf(fixed), false)).isEmpty();
        assertThat(store.scans(digestOf(fixed))).hasSize(1);
        RegistryRow after = store.registry(r.id()).orElseThrow();
        assertThat(after.lastDiscoveredAt()).isEqualTo(T0);
        assertThat(after.lastError()).isNull();

        // a second discovery sees the same digests and queues nothing
        clock.advance(Duration.ofMinutes(15));
        JobStatus again = awaitFinished(discover(r));
        JsonNode second = JSON.readTree(again.result());
        assertThat(second.get("digests").asInt()).isEqualTo(2);
        assertThat(second.get("alreadyScanned").asInt()).isEqualTo(2);
        assertThat(second.get("scansQueued").asInt()).isZero();
        assertThat(jobs(RegistryJobs.SCAN)).hasSize(2);
        assertThat(store.registry(r.id()).orElseThrow().lastDiscoveredAt()).isEqualTo(T0.plus(Duration.ofMinutes(15)));
        assertThat(store.image(digestOf(vulnerable)).orElseThrow().names())
                .allSatisfy(n -> assertThat(n.lastSeen()).isEqualTo(T0.plus(Duration.ofMinutes(15))));
    }

    @Test
    void theScheduleQueuesOneDiscoveryPerRegistry() {
        RegistryRow a = add(anonymous, null, null);
        RegistryRow b = registries.add("https://registry.invalid", null, null).row().orElseThrow();
        worker.close(); // only the queue is looked at here
        DiscoverySchedule schedule = new DiscoverySchedule(store, new Log(new PrintStream(new ByteArrayOutputStream())), Duration.ofMinutes(15));
        assertThat(schedule.queueAll()).isEqualTo(2);
        // a second round (another worker process, or the next tick while these wait) queues nothing more
        assertThat(schedule.queueAll()).isZero();
        assertThat(jobs(RegistryJobs.DISCOVER)).extracting(m -> m.get("dedupe_key"))
                .containsExactlyInAnyOrder("registry.discover:" + a.id(), "registry.discover:" + b.id());
    }

    @Test
    void basicAuthCredentialsAreStoredSealedAndWork() throws Exception {
        RegistryRow r = add(basic, USER, PASSWORD);
        assertThat(r.hasCredentials()).isTrue();
        // nothing in the stored row holds the password (nor the user name: both are sealed together)
        List<Map<String, Object>> rows = t.db.jdbi().withHandle(h -> h.createQuery("SELECT * FROM registry").mapToMap().list());
        assertThat(rows.toString()).doesNotContain(PASSWORD).doesNotContain(USER).contains("v1:");
        JobStatus d = awaitFinished(discover(r));
        assertThat(d.state()).as(d.lastError()).isEqualTo("done");
        assertThat(JSON.readTree(d.result()).get("scansQueued").asInt()).isEqualTo(2);
        awaitQueueEmpty();
        assertThat(store.findings(digestOf(vulnerable), false)).extracting(FindingRow::vulnId).containsExactly(RematchFixtures.SOPE_CVE);
        assertThat(jobs(RegistryJobs.SCAN)).allSatisfy(j -> assertThat(j.get("state")).isEqualTo("done"));
        assertThat(logBytes.toString(StandardCharsets.UTF_8)).doesNotContain(PASSWORD);
    }

    @Test
    void aWrongPasswordFailsTheJobAtOnceWithAClearErrorAndNoSecret() {
        String wrong = "wrong-" + PASSWORD;
        RegistryRow r = add(basic, USER, wrong);
        JobStatus d = awaitFinished(discover(r));
        assertThat(d.state()).isEqualTo("failed");
        assertThat(d.attempts()).isEqualTo(1);
        assertThat(d.lastError()).contains("authentication failed for " + basic.host()).doesNotContain(wrong);
        RegistryRow after = store.registry(r.id()).orElseThrow();
        assertThat(after.lastError()).contains("authentication failed");
        assertThat(after.lastDiscoveredAt()).isNull();
        assertThat(logBytes.toString(StandardCharsets.UTF_8)).doesNotContain(wrong).doesNotContain(PASSWORD);
    }

    @Test
    void credentialsSealedWithAnotherKeyFailClearly() {
        RegistryRow r = add(basic, USER, PASSWORD);
        byte[] other = new byte[32];
        SecretBox otherBox = SecretBox.of(other);
        Registries elsewhere = new Registries(store, () -> otherBox, RetryPolicy.NONE);
        worker.close();
        Worker w = new Worker(store, RegistryJobs.handlers(elsewhere, vulnDb, "test", new Log(new PrintStream(logBytes, true))),
                new Worker.Options(1, Duration.ofSeconds(60), Duration.ofMillis(20), Duration.ofSeconds(10)), new JobMetrics(),
                new Log(new PrintStream(logBytes, true))).start();
        try {
            JobStatus d = awaitFinished(discover(r));
            assertThat(d.state()).isEqualTo("failed");
            assertThat(d.lastError()).contains("sealed with another key").contains(SecretBox.ENV);
        } finally {
            w.close();
        }
    }

    @Test
    void aRegistryThatIsDownFailsTheJobWhichIsRetriedAndNothingElseBreaks() throws Exception {
        int port;
        try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        RegistryRow down = registries.add("http://127.0.0.1:" + port, null, null).row().orElseThrow();
        long id = discover(down);
        await("a failed attempt", () -> job(id).attempts() == 1 && job(id).state().equals("queued") && job(id).lastError() != null);
        assertThat(job(id).lastError()).contains("127.0.0.1:" + port);
        assertThat(store.registry(down.id()).orElseThrow().lastError()).contains("127.0.0.1:" + port);
        // the back-off runs on the store's clock: once it has passed, the worker tries again
        clock.advance(Duration.ofSeconds(5));
        await("a second attempt", () -> job(id).attempts() == 2);

        // meanwhile the worker goes on with other work
        RegistryRow up = add(anonymous, null, null);
        assertThat(awaitFinished(discover(up)).state()).isEqualTo("done");
    }

    @Test
    void aRegistryAnsweringGarbageFailsTheJobWhichIsRetried() throws Exception {
        try (FakeRegistry fake = FakeRegistry.start()) {
            fake.route("/v2/_catalog", FakeRegistry.json(200, "application/json", "{\"repositories\": {\"no\": \"array\"}}"));
            RegistryRow r = registries.add("http://" + fake.host(), null, null).row().orElseThrow();
            long id = discover(r);
            await("a failed attempt", () -> job(id).attempts() == 1 && job(id).state().equals("queued") && job(id).lastError() != null);
            assertThat(job(id).lastError()).contains("has no repositories array");
            // now the catalog lists a repository whose tags are junk bytes
            fake.route("/v2/_catalog", FakeRegistry.json(200, "application/json", "{\"repositories\": [\"shop/api\"]}"));
            fake.route("/v2/shop/api/tags/list", FakeRegistry.bytes(200, "application/json", new byte[]{(byte) 0xff, 0, 1, 2}, Map.of()));
            clock.advance(Duration.ofSeconds(5));
            await("a second failed attempt", () -> job(id).attempts() == 2 && job(id).state().equals("queued"));
            assertThat(job(id).lastError()).contains("the tags of " + fake.host() + "/shop/api");
            // a tag whose manifest is garbage: nothing resolves, and that too is a failure to retry
            fake.route("/v2/shop/api/tags/list", FakeRegistry.json(200, "application/json", "{\"name\": \"shop/api\", \"tags\": [\"1.0\"]}"));
            fake.route("/v2/shop/api/manifests/1.0", FakeRegistry.json(200, "application/vnd.oci.image.manifest.v1+json", "not json"));
            clock.advance(Duration.ofSeconds(10));
            await("a third failed attempt", () -> job(id).attempts() == 3 && job(id).state().equals("queued"));
            assertThat(job(id).lastError()).contains("no tag of " + fake.host() + " could be resolved");
            assertThat(store.images(dev.drydock.server.store.ImageQuery.all()).total()).isZero();
        }
    }

    @Test
    void aDeletedRegistrysJobsFailAtOnce() {
        RegistryRow r = add(anonymous, null, null);
        worker.close();
        long id = discover(r);
        assertThat(store.deleteRegistry(r.id())).isTrue();
        Worker w = new Worker(store, RegistryJobs.handlers(registries, vulnDb, "test", new Log(new PrintStream(logBytes, true))),
                new Worker.Options(1, Duration.ofSeconds(60), Duration.ofMillis(20), Duration.ofSeconds(10)), new JobMetrics(),
                new Log(new PrintStream(logBytes, true))).start();
        try {
            JobStatus d = awaitFinished(id);
            assertThat(d.state()).isEqualTo("failed");
            assertThat(d.lastError()).contains("no longer configured");
        } finally {
            w.close();
        }
    }
}
