package dev.drydock.server.jobs;

import dev.drydock.server.store.Backend;
import dev.drydock.server.store.JobStatus;
import dev.drydock.server.store.Store;
import dev.drydock.server.store.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

@ParameterizedClass
@EnumSource(Backend.class)
class WorkerTest {
    static final Worker.Options FAST = new Worker.Options(2, Duration.ofSeconds(30), Duration.ofMillis(20), Duration.ofSeconds(5));

    @Parameter
    Backend backend;
    TestDatabase t;
    Store store;
    final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    Log log;
    JobMetrics metrics;

    @BeforeEach
    void open() {
        t = TestDatabase.open(backend);
        store = new Store(t.db);
        log = new Log(new PrintStream(logBytes, true, StandardCharsets.UTF_8));
        metrics = new JobMetrics();
    }

    @AfterEach
    void close() {
        t.close();
    }

    @Test
    void runsEachJobWithItsKindsHandlerAndKeepsTheResult() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        long a = store.enqueue("echo", "{\"n\":1}");
        long b = store.enqueue("echo", "{\"n\":2}");
        try (Worker w = new Worker(store, Map.of("echo", job -> {
            seen.add(job.payload());
            return "{\"echoed\":" + job.payload() + "}";
        }), FAST, metrics, log).start()) {
            awaitState(a, "done");
            awaitState(b, "done");
        }
        assertThat(seen).containsExactlyInAnyOrder("{\"n\":1}", "{\"n\":2}");
        assertThat(store.job(a).orElseThrow().result()).isEqualTo("{\"echoed\":{\"n\":1}}");
        assertThat(metrics.render()).contains("drydock_jobs_total{kind=\"echo\",outcome=\"done\"} 2");
        assertThat(logBytes.toString(StandardCharsets.UTF_8))
                .contains("\"event\":\"job.finished\"").contains("\"kind\":\"echo\"").contains("\"outcome\":\"done\"");
    }

    @Test
    void aFailingJobIsRetriedAndAPermanentFailureIsNot() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        long flaky = store.enqueue("flaky", "{}");
        long broken = store.enqueue("broken", "not json");
        long unknown = store.enqueue("no-such-kind", "{}");
        try (Worker w = new Worker(store, Map.of(
                "flaky", job -> {
                    calls.incrementAndGet();
                    throw new java.io.IOException("registry answered 503");
                },
                "broken", job -> {
                    throw new PermanentJobFailure("payload is not a JSON object");
                }), FAST, metrics, log).start()) {
            awaitState(broken, "failed");
            awaitState(unknown, "failed");
            awaitAttempts(flaky, 1);
        }
        JobStatus f = store.job(flaky).orElseThrow();
        assertThat(f.state()).as("retried after a back-off, not failed for good").isEqualTo("queued");
        assertThat(f.lastError()).isEqualTo("IOException: registry answered 503");
        assertThat(store.job(broken).orElseThrow().attempts()).isEqualTo(1);
        assertThat(store.job(broken).orElseThrow().lastError()).isEqualTo("payload is not a JSON object");
        assertThat(store.job(unknown).orElseThrow().lastError()).isEqualTo("no handler for job kind no-such-kind");
        assertThat(metrics.render()).contains("drydock_jobs_total{kind=\"flaky\",outcome=\"retried\"} 1")
                .contains("drydock_jobs_total{kind=\"broken\",outcome=\"failed\"} 1");
    }

    @Test
    void aScheduledJobIsQueuedOnceWhileOneIsPending() {
        assertThat(store.enqueueUnique("registry.discover", "{\"registry\":1}", "discover:1")).isPresent();
        assertThat(store.enqueueUnique("registry.discover", "{\"registry\":1}", "discover:1")).as("already queued").isEmpty();
        assertThat(store.enqueueUnique("registry.discover", "{\"registry\":2}", "discover:2")).isPresent();
        var job = store.claim("w", Duration.ofMinutes(1)).orElseThrow();
        assertThat(store.enqueueUnique("registry.discover", "{}", "discover:1")).as("still running").isEmpty();
        store.complete(job);
        assertThat(store.enqueueUnique("registry.discover", "{}", "discover:1")).as("done: may run again").isPresent();
    }

    @Test
    void closingWaitsForTheJobInHand() throws Exception {
        Map<String, Boolean> finished = new ConcurrentHashMap<>();
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        long id = store.enqueue("slow", "{}");
        Worker w = new Worker(store, Map.of("slow", job -> {
            started.countDown();
            Thread.sleep(300);
            finished.put("slow", true);
            return null;
        }), FAST, metrics, log).start();
        started.await();
        w.close();
        assertThat(finished).containsKey("slow");
        assertThat(store.job(id).orElseThrow().state()).isEqualTo("done");
    }

    private void awaitState(long id, String state) throws InterruptedException {
        for (int i = 0; i < 500 && !store.job(id).orElseThrow().state().equals(state); i++) Thread.sleep(20);
        assertThat(store.job(id).orElseThrow().state()).isEqualTo(state);
    }

    private void awaitAttempts(long id, int attempts) throws InterruptedException {
        for (int i = 0; i < 500 && store.job(id).orElseThrow().attempts() < attempts; i++) Thread.sleep(20);
        Thread.sleep(100); // let the failed attempt be recorded
        assertThat(store.job(id).orElseThrow().attempts()).isGreaterThanOrEqualTo(attempts);
    }
}
