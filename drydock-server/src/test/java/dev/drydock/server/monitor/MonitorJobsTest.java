package dev.drydock.server.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.drydock.server.jobs.JobMetrics;
import dev.drydock.server.jobs.Log;
import dev.drydock.server.jobs.Worker;
import dev.drydock.server.store.Backend;
import dev.drydock.server.store.MutableClock;
import dev.drydock.server.store.Store;
import dev.drydock.server.store.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Monitor checks run by a real {@link Worker} on both databases, against a local HTTP server standing in for
 * the downstream system's count endpoint and for the Slack webhook.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class MonitorJobsTest {
    static final Instant T0 = Instant.parse("2026-11-20T08:00:00Z");
    static final ObjectMapper JSON = new ObjectMapper();

    @Parameter
    Backend backend;

    TestDatabase t;
    MutableClock clock;
    Store store;
    MonitorStore monitors;
    MonitorJobs jobs;
    Worker worker;
    HttpServer http;
    final List<String> webhookBodies = new CopyOnWriteArrayList<>();
    final AtomicReference<String> countBody = new AtomicReference<>("{\"count\": 0}");
    final AtomicReference<Integer> countStatus = new AtomicReference<>(200);
    final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();

    @BeforeEach
    void open() throws IOException {
        t = TestDatabase.open(backend);
        clock = new MutableClock(T0);
        store = new Store(t.db, clock);
        monitors = new MonitorStore(t.db, clock);
        Log log = new Log(new PrintStream(logBytes, true, StandardCharsets.UTF_8));
        jobs = new MonitorJobs(store, monitors, log);
        worker = new Worker(store, jobs.handlers(),
                new Worker.Options(1, Duration.ofSeconds(60), Duration.ofMillis(20), Duration.ofSeconds(10)), new JobMetrics(), log).start();
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/hook", ex -> {
            webhookBodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        http.createContext("/count", ex -> {
            byte[] b = countBody.get().getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(countStatus.get(), b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        http.start();
        seed("library/app", "sha256:" + "a".repeat(64), 100);
        seed("library/other", "sha256:" + "b".repeat(64), 10);
    }

    @AfterEach
    void close() {
        worker.close();
        http.stop(0);
        t.close();
    }

    private String base() {
        return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    /** An image named in {@code repository} with {@code n} active findings (and one inactive one). */
    private static final String APP = "sha256:" + "a".repeat(64);

    private void seed(String repository, String digest, int n) {
        long now = T0.toEpochMilli();
        t.db.jdbi().useTransaction(h -> {
            h.createUpdate("INSERT INTO image (digest, first_seen, last_seen) VALUES (:d, :now, :now)").bind("d", digest).bind("now", now).execute();
            h.createUpdate("INSERT INTO image_name (registry, repository, tag, digest, first_seen, last_seen) VALUES ('docker.io', :r, 'latest', :d, :now, :now)")
                    .bind("r", repository).bind("d", digest).bind("now", now).execute();
            for (int i = 0; i <= n; i++) {
                String vuln = "CVE-2026-" + digest.charAt(7) + i;
                h.createUpdate("INSERT INTO vulnerability (id, aliases, ratings, refs, cwes) VALUES (:v, '[]', '[]', '[]', '[]') ON CONFLICT DO NOTHING").bind("v", vuln).execute();
                h.createUpdate("""
                                INSERT INTO finding (image_digest, vuln_id, purl, package_name, status, severity, severity_rank, first_seen, last_seen, active)
                                VALUES (:d, :v, 'pkg:deb/debian/p', 'p', 'affected', 'high', 4, :now, :now, :active)
                                """)
                        .bind("d", digest).bind("v", vuln).bind("now", now).bind("active", i < n ? 1 : 0).execute();
            }
        });
    }

    private Monitor add(String name, String repository, String countUrl, String field) {
        return monitors.add(new MonitorStore.NewMonitor(name, "defectdojo", repository, countUrl, field, 5, base() + "/hook")).orElseThrow();
    }

    /** Queues a check of every monitor and waits for the worker to finish them. */
    private void checkAll() {
        assertThat(jobs.queueAll()).isPositive();
        await(() -> t.db.jdbi().withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM job WHERE state IN ('queued', 'running') AND last_error IS NULL").mapTo(Integer.class).one()) == 0);
        List<String> errors = t.db.jdbi().withHandle(h -> h.createQuery("SELECT last_error FROM job WHERE last_error IS NOT NULL")
                .mapTo(String.class).list());
        assertThat(errors).as("job errors").isEmpty();
        int notDone = t.db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM job WHERE state <> 'done'")
                .mapTo(Integer.class).one());
        assertThat(notDone).isZero();
    }

    private static void await(BooleanSupplier done) {
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > until) fail("timed out");
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private String text(int i) throws IOException {
        JsonNode n = JSON.readTree(webhookBodies.get(i));
        assertThat(n.size()).isEqualTo(1);
        return n.get("text").asText();
    }

    @Test
    void expectedCountsActiveFindingsOfTheScope() {
        assertThat(monitors.expected(null)).isEqualTo(110);
        assertThat(monitors.expected("library/app")).isEqualTo(100);
        assertThat(monitors.expected("docker.io/library/other")).isEqualTo(10);
        assertThat(monitors.expected("library/none")).isZero();
    }

    @Test
    void pushedCountOverThresholdOpensOneAlertAndBackInRangeResolvesIt() throws IOException {
        Monitor m = add("dojo <prod>", "library/app", null, "/count");
        checkAll();
        assertThat(monitors.get(m.id()).orElseThrow().lastError()).isEqualTo("no count reported yet");
        assertThat(webhookBodies).isEmpty();

        assertThat(monitors.reported(m.id(), 90)).isTrue();
        clock.advance(Duration.ofMinutes(15));
        checkAll();
        Monitor after = monitors.get(m.id()).orElseThrow();
        assertThat(after.alertOpenSince()).isEqualTo(clock.instant());
        assertThat(after.lastExpected()).isEqualTo(100);
        assertThat(after.lastReported()).isEqualTo(90);
        assertThat(after.lastDriftPct()).isEqualTo(10.0);
        assertThat(after.lastError()).isNull();
        assertThat(monitors.openAlerts()).extracting(Monitor::id).containsExactly(m.id());
        assertThat(webhookBodies).hasSize(1);
        assertThat(text(0)).isEqualTo("drydock: dojo <prod> — expected 100 findings, downstream reports 90 (10.0 % drift)");

        // still over: the alert stays open and is not posted again
        clock.advance(Duration.ofMinutes(15));
        checkAll();
        assertThat(webhookBodies).hasSize(1);
        assertThat(monitors.get(m.id()).orElseThrow().alertOpenSince()).isEqualTo(T0.plus(Duration.ofMinutes(15)));

        // 4 % is within the default 5 %: resolved
        monitors.reported(m.id(), 104);
        clock.advance(Duration.ofMinutes(15));
        checkAll();
        assertThat(monitors.get(m.id()).orElseThrow().alertOpen()).isFalse();
        assertThat(monitors.openAlerts()).isEmpty();
        assertThat(webhookBodies).hasSize(2);
        assertThat(text(1)).isEqualTo("drydock: dojo <prod> — resolved: expected 100 findings, downstream reports 104 (4.0 % drift)");

        List<MonitorStore.Check> checks = monitors.checks(m.id(), 10);
        assertThat(checks).hasSize(4);
        assertThat(checks).extracting(MonitorStore.Check::alerted).containsExactly(false, false, true, false);
        assertThat(checks.get(3).error()).isEqualTo("no count reported yet");
        assertThat(checks.get(0).driftPct()).isEqualTo(4.0);
    }

    @Test
    void withoutCountUrlOrPushedCountTheImportedReportsOfTheScannerFeedIt() throws IOException {
        Monitor m = add("dojo", "library/app", null, "/count");
        // The downstream system's report, imported under its scanner name, holds 80 of the 100 active findings
        // (and one it no longer reports).
        t.db.jdbi().useHandle(h -> h.execute("""
                INSERT INTO attribution (finding_id, scanner, native_id, severity, first_seen, last_seen, deleted_at)
                SELECT id, 'defectdojo', vuln_id, severity, 0, 0, 1
                FROM finding WHERE image_digest = ? AND active = 1
                ORDER BY id LIMIT 1""", APP));
        t.db.jdbi().useHandle(h -> h.execute("""
                INSERT INTO attribution (finding_id, scanner, native_id, severity, first_seen, last_seen)
                SELECT id, 'defectdojo', vuln_id, severity, 0, 0 FROM finding
                WHERE image_digest = ? AND active = 1 AND id NOT IN (SELECT finding_id FROM attribution) ORDER BY id LIMIT 80""", APP));
        long live = 80;
        checkAll();
        Monitor after = monitors.get(m.id()).orElseThrow();
        assertThat(after.lastError()).isNull();
        assertThat(after.lastReported()).isEqualTo(live);
        assertThat(after.lastExpected()).isEqualTo(100);
        assertThat(after.alertOpen()).as("80 of 100 is 20 % off").isTrue();
        assertThat(text(0)).isEqualTo("drydock: dojo — expected 100 findings, downstream reports " + live + " ("
                + (100 - live) + ".0 % drift)");
    }

    @Test
    void countUrlIsPolledAtTheJsonPointer() throws IOException {
        Monitor m = add("dojo", null, base() + "/count", "/data/total");
        countBody.set("{\"data\": {\"total\": 110}}");
        checkAll();
        Monitor ok = monitors.get(m.id()).orElseThrow();
        assertThat(ok.lastReported()).isEqualTo(110);
        assertThat(ok.lastDriftPct()).isEqualTo(0.0);
        assertThat(ok.alertOpen()).isFalse();
        assertThat(webhookBodies).isEmpty();

        countBody.set("{\"data\": {\"total\": 55}}");
        checkAll();
        assertThat(monitors.get(m.id()).orElseThrow().alertOpen()).isTrue();
        assertThat(text(0)).isEqualTo("drydock: dojo — expected 110 findings, downstream reports 55 (50.0 % drift)");
    }

    @Test
    void aCountUrlAnsweringGarbageOrAnErrorIsAFailedCheckAndNoAlert() {
        Monitor m = add("dojo", "library/app", base() + "/count", "/count");
        List<String[]> cases = List.of(
                new String[]{"500", "{\"count\": 1}", "count_url answered HTTP 500"},
                new String[]{"200", "<html>not json</html>", "count_url answer is not JSON"},
                new String[]{"200", "{\"count\": 1} {\"count\": 2}", "count_url answer is not JSON"},
                new String[]{"200", "{\"count\": \"12\"}", "count_url answer has no whole number 0 or more at /count"},
                new String[]{"200", "{\"count\": -1}", "count_url answer has no whole number 0 or more at /count"},
                new String[]{"200", "{\"count\": 1.5}", "count_url answer has no whole number 0 or more at /count"},
                new String[]{"200", "{\"total\": 100}", "count_url answer has no whole number 0 or more at /count"},
                new String[]{"200", "[" + "1,".repeat(600_000) + "1]", "count_url answer is larger than 1048576 bytes"});
        for (String[] c : cases) {
            countStatus.set(Integer.parseInt(c[0]));
            countBody.set(c[1]);
            checkAll();
            Monitor after = monitors.get(m.id()).orElseThrow();
            assertThat(after.lastError()).as(c[1].substring(0, Math.min(40, c[1].length()))).isEqualTo(c[2]);
            assertThat(after.alertOpen()).isFalse();
        }
        assertThat(webhookBodies).isEmpty();
        assertThat(monitors.checks(m.id(), 20)).hasSize(cases.size())
                .allSatisfy(c -> {
                    assertThat(c.error()).isNotNull();
                    assertThat(c.reported()).isNull();
                    assertThat(c.expected()).isEqualTo(100);
                });
        // and the count endpoint coming back to its senses makes a good check again
        countStatus.set(200);
        countBody.set("{\"count\": 100}");
        checkAll();
        assertThat(monitors.get(m.id()).orElseThrow().lastError()).isNull();
    }

    @Test
    void anUnreachableWebhookIsLoggedNotFatal() {
        Monitor m = monitors.add(new MonitorStore.NewMonitor("dojo", "defectdojo", null, null, "/count", 5,
                "http://127.0.0.1:1/hook")).orElseThrow();
        monitors.reported(m.id(), 1);
        checkAll();
        assertThat(monitors.get(m.id()).orElseThrow().alertOpen()).isTrue();
        assertThat(logBytes.toString(StandardCharsets.UTF_8)).contains("monitor.webhook_failed");
    }

    @Test
    void driftIsRelativeToTheExpectedCount() {
        assertThat(MonitorJobs.drift(100, 95)).isEqualTo(5.0);
        assertThat(MonitorJobs.drift(0, 3)).isEqualTo(300.0);
        assertThat(MonitorJobs.drift(0, 0)).isEqualTo(0.0);
    }
}
