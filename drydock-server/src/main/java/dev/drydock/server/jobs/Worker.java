package dev.drydock.server.jobs;

import dev.drydock.server.store.Job;
import dev.drydock.server.store.Store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Takes jobs from the store's queue and runs them with their kind's handler, on a few threads.
 *
 * <p>While a handler runs, the lease is renewed at a third of its length, so a long job keeps its lease
 * and a dead process (kill -9) loses it within one lease. A job whose kind has no handler here is failed
 * at once: every process of one deployment runs the same build. On {@link #close()} the worker stops
 * taking jobs and waits for those in hand; a job still unfinished after the grace time is left to its
 * lease and taken again by another worker.
 */
public final class Worker implements AutoCloseable {
    /** @param threads jobs run at once; @param lease how long a claim lasts without renewal; @param idlePoll pause when the queue is empty */
    public record Options(int threads, Duration lease, Duration idlePoll, Duration shutdownGrace) {
        public static Options defaults() {
            return new Options(2, Duration.ofSeconds(60), Duration.ofSeconds(1), Duration.ofSeconds(30));
        }

        public Options withThreads(int n) {
            return new Options(n, lease, idlePoll, shutdownGrace);
        }

        public Options withLease(Duration d) {
            return new Options(threads, d, idlePoll, shutdownGrace);
        }

        public Options {
            if (threads < 1 || threads > 64) throw new IllegalArgumentException("worker threads must be from 1 to 64");
        }
    }

    private final Store store;
    private final Map<String, JobHandler> handlers;
    private final Options options;
    private final JobMetrics metrics;
    private final Log log;
    private final String id;
    private final List<Thread> threads = new ArrayList<>();
    private final ScheduledExecutorService renewer;
    private volatile boolean stopping;

    public Worker(Store store, Map<String, JobHandler> handlers, Options options, JobMetrics metrics, Log log) {
        this.store = store;
        this.handlers = Map.copyOf(handlers);
        this.options = options;
        this.metrics = metrics;
        this.log = log;
        // Unique per process start: a restarted process must not pass the fence of its former self's leases.
        this.id = hostName() + "-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
        this.renewer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "drydock-lease-renewer"));
    }

    public Worker start() {
        for (int i = 0; i < options.threads(); i++) {
            Thread t = daemon(this::loop, "drydock-worker-" + i);
            threads.add(t);
            t.start();
        }
        log.info("worker.started", "worker", id, "threads", options.threads(), "kinds", String.join(",", handlers.keySet().stream().sorted().toList()));
        return this;
    }

    public String id() {
        return id;
    }

    private void loop() {
        String me = id + "/" + Thread.currentThread().getName().substring("drydock-worker-".length());
        while (!stopping) {
            try {
                var job = store.claim(me, options.lease());
                if (job.isPresent()) {
                    run(job.get());
                } else {
                    Thread.sleep(options.idlePoll().toMillis());
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // The database is down or busy: wait and try again rather than spin or die.
                log.warn("worker.claim_failed", "error", e.getClass().getSimpleName() + ": " + e.getMessage());
                try {
                    Thread.sleep(options.idlePoll().toMillis() * 5);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    private void run(Job job) {
        long start = System.nanoTime();
        metrics.started();
        long every = Math.max(1, options.lease().toMillis() / 3);
        ScheduledFuture<?> renewal = renewer.scheduleAtFixedRate(() -> {
            try {
                store.renew(job, options.lease());
            } catch (RuntimeException e) {
                log.warn("job.renew_failed", "job", job.id(), "error", e.getMessage());
            }
        }, every, every, TimeUnit.MILLISECONDS);
        JobMetrics.Outcome outcome;
        try {
            JobHandler handler = handlers.get(job.kind());
            if (handler == null) throw new PermanentJobFailure("no handler for job kind " + job.kind());
            String result = handler.run(job);
            outcome = finish(job, store.complete(job, result), JobMetrics.Outcome.DONE);
        } catch (PermanentJobFailure e) {
            outcome = finish(job, store.failPermanently(job, e.getMessage()), JobMetrics.Outcome.FAILED);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = finish(job, store.fail(job, "interrupted: the worker stopped"), JobMetrics.Outcome.RETRIED);
        } catch (Exception e) {
            String error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            outcome = finish(job, store.fail(job, error), JobMetrics.Outcome.RETRIED);
            log.warn("job.attempt_failed", "job", job.id(), "kind", job.kind(), "attempt", job.attempt(), "error", error);
        } finally {
            renewal.cancel(false);
        }
        long elapsed = System.nanoTime() - start;
        metrics.finished(job.kind(), outcome, elapsed);
        log.info("job.finished", "job", job.id(), "kind", job.kind(), "attempt", job.attempt(),
                "outcome", outcome.name().toLowerCase(), "ms", elapsed / 1_000_000);
    }

    /** The store refuses an outcome when the lease was lost (another worker owns the job now). */
    private static JobMetrics.Outcome finish(Job job, boolean recorded, JobMetrics.Outcome outcome) {
        return recorded ? outcome : JobMetrics.Outcome.LOST;
    }

    @Override
    public void close() {
        stopping = true;
        long deadline = System.nanoTime() + options.shutdownGrace().toNanos();
        for (Thread t : threads) {
            try {
                t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        threads.forEach(Thread::interrupt);
        renewer.shutdownNow();
        log.info("worker.stopped", "worker", id);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private static String hostName() {
        String h = System.getenv("HOSTNAME");
        return h == null || h.isBlank() ? "drydock" : h.replaceAll("[^A-Za-z0-9.-]", "_");
    }
}
