package dev.drydock.server.jobs;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Counts of this process's job outcomes by kind, and their run time, for /metrics. */
public final class JobMetrics {
    /** done, failed (will not be retried), retried, lost (the lease ran out before the worker finished). */
    public enum Outcome { DONE, FAILED, RETRIED, LOST }

    private record Key(String kind, Outcome outcome) {
    }

    private final Map<Key, LongAdder> outcomes = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> nanos = new ConcurrentHashMap<>();
    private final AtomicLong running = new AtomicLong();

    void started() {
        running.incrementAndGet();
    }

    void finished(String kind, Outcome outcome, long elapsedNanos) {
        running.decrementAndGet();
        outcomes.computeIfAbsent(new Key(kind, outcome), k -> new LongAdder()).increment();
        nanos.computeIfAbsent(kind, k -> new AtomicLong()).addAndGet(elapsedNanos);
    }

    /** Prometheus text: drydock_jobs_total{kind,outcome}, drydock_job_seconds_sum{kind}, drydock_jobs_running. */
    public String render() {
        StringBuilder b = new StringBuilder();
        b.append("# HELP drydock_jobs_total Jobs this process finished, by kind and outcome.\n");
        b.append("# TYPE drydock_jobs_total counter\n");
        Map<String, Long> sorted = new TreeMap<>();
        outcomes.forEach((k, v) -> sorted.put("{kind=\"" + k.kind() + "\",outcome=\"" + k.outcome().name().toLowerCase() + "\"}", v.sum()));
        sorted.forEach((labels, v) -> b.append("drydock_jobs_total").append(labels).append(' ').append(v).append('\n'));
        b.append("# HELP drydock_job_seconds_sum Time this process spent running jobs, by kind.\n");
        b.append("# TYPE drydock_job_seconds_sum counter\n");
        new TreeMap<>(nanos).forEach((kind, n) -> b.append("drydock_job_seconds_sum{kind=\"").append(kind).append("\"} ")
                .append(n.get() / 1e9).append('\n'));
        b.append("# HELP drydock_jobs_running Jobs this process is running now.\n");
        b.append("# TYPE drydock_jobs_running gauge\n");
        b.append("drydock_jobs_running ").append(running.get()).append('\n');
        return b.toString();
    }
}
