package dev.drydock.server.web;

import dev.drydock.server.jobs.JobMetrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The few numbers /metrics exposes, in Prometheus text format. Hand-rolled: a handful of counters does
 * not justify a metrics library. Route labels are route templates ({@code /api/v1/images/{digest}}),
 * never raw paths, so a client cannot grow the label set without bound.
 */
final class Metrics {
    private record Key(String method, String route, int status) {
    }

    private record Latency(LongAdder count, AtomicLong sumNanos) {
    }

    private final Map<Key, LongAdder> requests = new ConcurrentHashMap<>();
    private final Map<String, Latency> latency = new ConcurrentHashMap<>();
    private final LongAdder scansUploaded = new LongAdder();
    private final JobMetrics jobs;

    Metrics(JobMetrics jobs) {
        this.jobs = jobs;
    }

    void request(String method, String route, int status, long nanos) {
        requests.computeIfAbsent(new Key(method, route, status), k -> new LongAdder()).increment();
        Latency l = latency.computeIfAbsent(method + " " + route, k -> new Latency(new LongAdder(), new AtomicLong()));
        l.count().increment();
        l.sumNanos().addAndGet(nanos);
    }

    void scanUploaded() {
        scansUploaded.increment();
    }

    String render() {
        StringBuilder b = new StringBuilder();
        b.append("# HELP drydock_http_requests_total HTTP requests by method, route template and status.\n");
        b.append("# TYPE drydock_http_requests_total counter\n");
        requests.entrySet().stream().sorted(Map.Entry.comparingByKey(
                        java.util.Comparator.comparing(Key::route).thenComparing(Key::method).thenComparingInt(Key::status)))
                .forEach(e -> b.append("drydock_http_requests_total{method=\"").append(e.getKey().method())
                        .append("\",route=\"").append(label(e.getKey().route())).append("\",status=\"")
                        .append(e.getKey().status()).append("\"} ").append(e.getValue().sum()).append('\n'));
        b.append("# HELP drydock_http_request_duration_seconds Request latency by method and route template.\n");
        b.append("# TYPE drydock_http_request_duration_seconds summary\n");
        latency.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            String[] mr = e.getKey().split(" ", 2);
            String labels = "{method=\"" + mr[0] + "\",route=\"" + label(mr[1]) + "\"}";
            b.append("drydock_http_request_duration_seconds_count").append(labels).append(' ').append(e.getValue().count().sum()).append('\n');
            b.append("drydock_http_request_duration_seconds_sum").append(labels).append(' ')
                    .append(e.getValue().sumNanos().get() / 1e9).append('\n');
        });
        b.append("# HELP drydock_scans_uploaded_total Scans accepted through POST /api/v1/scans.\n");
        b.append("# TYPE drydock_scans_uploaded_total counter\n");
        b.append("drydock_scans_uploaded_total ").append(scansUploaded.sum()).append('\n');
        b.append(jobs.render());
        return b.toString();
    }

    private static String label(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
