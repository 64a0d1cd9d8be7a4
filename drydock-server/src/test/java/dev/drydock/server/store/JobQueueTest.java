package dev.drydock.server.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

@ParameterizedClass
@EnumSource(Backend.class)
class JobQueueTest {
    static final Duration LEASE = Duration.ofMinutes(5);

    @Parameter
    Backend backend;
    TestDatabase t;
    MutableClock clock;
    Store store;

    @BeforeEach
    void open() {
        t = TestDatabase.open(backend);
        clock = new MutableClock(Instant.parse("2026-11-20T10:00:00Z"));
        store = new Store(t.db, clock);
    }

    @AfterEach
    void close() {
        t.close();
    }

    @Test
    void jobsAreClaimedOldestFirstAndCompleted() {
        long a = store.enqueue("registry.discover", "{\"registry\":1}");
        long b = store.enqueue("scan", "{\"digest\":\"sha256:...\"}");
        Job first = store.claim("w1", LEASE).orElseThrow();
        assertThat(first.id()).isEqualTo(a);
        assertThat(first.kind()).isEqualTo("registry.discover");
        assertThat(first.payload()).isEqualTo("{\"registry\":1}");
        assertThat(first.attempt()).isEqualTo(1);
        assertThat(first.leaseUntil()).isEqualTo(clock.instant().plus(LEASE));
        assertThat(store.claim("w2", LEASE).orElseThrow().id()).isEqualTo(b);
        assertThat(store.claim("w3", LEASE)).isEmpty();

        assertThat(store.complete(first)).isTrue();
        assertThat(store.job(a).orElseThrow().state()).isEqualTo("done");
        assertThat(store.complete(first)).as("completing twice").isFalse();
    }

    @Test
    void twoConcurrentClaimersNeverTakeTheSameJob() throws Exception {
        int jobs = 60;
        for (int i = 0; i < jobs; i++) store.enqueue("scan", "job " + i);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<Long>>> workers = new ArrayList<>();
            for (String worker : List.of("w1", "w2")) {
                // Each worker its own Database, as separate processes would have.
                Store own = new Store(t.reopen(), clock);
                workers.add(pool.submit(() -> {
                    start.await();
                    List<Long> taken = new ArrayList<>();
                    for (Optional<Job> j; (j = own.claim(worker, LEASE)).isPresent(); ) {
                        taken.add(j.get().id());
                        own.complete(j.get());
                    }
                    return taken;
                }));
            }
            start.countDown();
            List<Long> all = new ArrayList<>();
            for (Future<List<Long>> w : workers) all.addAll(w.get());
            assertThat(all).hasSize(jobs).doesNotHaveDuplicates();
            Set<Long> distinct = new HashSet<>(all);
            assertThat(distinct).hasSize(jobs);
        } finally {
            pool.shutdownNow();
        }
        long done = t.db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM job WHERE state = 'done'").mapTo(Long.class).one());
        assertThat(done).isEqualTo(jobs);
    }

    @Test
    void aJobWhoseLeaseExpiredIsClaimedAgainAndTheOldWorkerIsFencedOff() {
        long id = store.enqueue("scan", "p");
        Job dying = store.claim("w1", LEASE).orElseThrow();
        clock.advance(LEASE.minusSeconds(1));
        assertThat(store.claim("w2", LEASE)).as("lease still held").isEmpty();
        clock.advance(Duration.ofSeconds(2));

        Job retry = store.claim("w2", LEASE).orElseThrow();
        assertThat(retry.id()).isEqualTo(id);
        assertThat(retry.attempt()).isEqualTo(2);
        assertThat(store.complete(dying)).as("the first worker lost its lease").isFalse();
        assertThat(store.fail(dying, "late")).isFalse();
        assertThat(store.renew(dying, LEASE)).isFalse();
        assertThat(store.renew(retry, LEASE)).isTrue();
        assertThat(store.complete(retry)).isTrue();
        assertThat(store.job(id).orElseThrow().state()).isEqualTo("done");
    }

    @Test
    void aFailedJobIsRetriedAfterABackOffUntilItsAttemptsRunOut() {
        long id = store.enqueue("registry.discover", "{}", 2);
        Job first = store.claim("w1", LEASE).orElseThrow();
        assertThat(store.fail(first, "registry answered 503")).isTrue();
        JobStatus s = store.job(id).orElseThrow();
        assertThat(s.state()).isEqualTo("queued");
        assertThat(s.lastError()).isEqualTo("registry answered 503");
        assertThat(store.claim("w1", LEASE)).as("backing off").isEmpty();
        clock.advance(Duration.ofSeconds(2));
        Job second = store.claim("w1", LEASE).orElseThrow();
        assertThat(second.attempt()).isEqualTo(2);
        assertThat(store.fail(second, "still down")).isTrue();
        assertThat(store.job(id).orElseThrow().state()).isEqualTo("failed");
        clock.advance(Duration.ofHours(2));
        assertThat(store.claim("w1", LEASE)).isEmpty();
    }

    @Test
    void aJobWhoseWorkerDiedOnItsLastAttemptFails() {
        long id = store.enqueue("scan", "p", 1);
        store.claim("w1", LEASE).orElseThrow();
        clock.advance(LEASE.plusSeconds(1));
        assertThat(store.claim("w2", LEASE)).isEmpty();
        assertThat(store.job(id).orElseThrow().state()).isEqualTo("failed");
    }

    @Test
    void anOversizedPayloadIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.enqueue("scan", "x".repeat(Bounded.PAYLOAD + 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
