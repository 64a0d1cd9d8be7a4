package dev.drydock.server.monitor;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.drydock.server.jobs.JobHandler;
import dev.drydock.server.jobs.Log;
import dev.drydock.server.jobs.PermanentJobFailure;
import dev.drydock.server.jobs.Scheduler;
import dev.drydock.server.store.Store;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The ingestion monitor's job kind {@code monitor.check} (payload {@code {"monitor": id}}, one pending per
 * monitor) and the schedule that queues one for every monitor each {@link #DEFAULT_INTERVAL}.
 *
 * <p>A check compares the active findings drydock holds for the monitor's scope with the count the downstream
 * system reports (the last one pushed, or one fetched from the monitor's count_url). A count_url that is down
 * or answers garbage makes a failed check, kept in the history; it neither opens nor closes an alert and the
 * job itself succeeds (the next round tries again). A webhook that cannot be reached is logged, never fatal.
 */
public final class MonitorJobs {
    public static final String CHECK = "monitor.check";
    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(15);
    static final Duration FIRST = Duration.ofSeconds(45);
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** The most of a count_url answer read: a count is a few bytes, not a download. */
    static final int MAX_BODY = 1024 * 1024;

    private static final ObjectMapper PAYLOAD = new ObjectMapper();
    /** Strict: one JSON document, no trailing content, no duplicate keys. */
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final Store jobs;
    private final MonitorStore store;
    private final Log log;
    private final HttpClient http;

    /** @param jobs the main store, whose job queue the schedule fills */
    public MonitorJobs(Store jobs, MonitorStore store, Log log) {
        this.jobs = Objects.requireNonNull(jobs);
        this.store = Objects.requireNonNull(store);
        this.log = Objects.requireNonNull(log);
        this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public Map<String, JobHandler> handlers() {
        return Map.of(CHECK, job -> check(job.payload()));
    }

    public static String key(long monitorId) {
        return CHECK + ":" + monitorId;
    }

    public static String payload(long monitorId) {
        return PAYLOAD.createObjectNode().put("monitor", monitorId).toString();
    }

    public Scheduler.Task task(Duration every) {
        if (every.isNegative() || every.isZero()) throw new IllegalArgumentException("interval must be positive");
        return new Scheduler.Task("monitor.check_all", every.compareTo(FIRST) < 0 ? every : FIRST, every, this::queueAll);
    }

    /** Queues a check of every monitor that has none pending; returns how many were queued. */
    public int queueAll() {
        int queued = 0;
        for (Monitor m : store.list()) {
            if (jobs.enqueueUnique(CHECK, payload(m.id()), key(m.id())).isPresent()) queued++;
        }
        if (queued > 0) log.info("monitor.checks_queued", "monitors", queued);
        return queued;
    }

    String check(String payload) throws PermanentJobFailure {
        long id = monitorId(payload);
        Monitor m = store.get(id).orElseThrow(() -> new PermanentJobFailure("monitor " + id + " is no longer configured"));
        long expected = store.expected(m.repository());
        long reported;
        if (m.countUrl() != null) {
            try {
                reported = fetch(m.countUrl(), m.countField());
            } catch (CountUnavailable e) {
                store.checkFailed(id, expected, e.getMessage());
                log.warn("monitor.check_failed", "monitor", id, "error", e.getMessage());
                return result(id, expected, null, null, e.getMessage());
            }
        } else if (m.reportedCount() != null) {
            reported = m.reportedCount();
        } else if (store.imported(m.scanner(), m.repository()).isPresent()) {
            // Fed by import: the downstream system's own reports were imported under its scanner name.
            reported = store.imported(m.scanner(), m.repository()).get();
        } else {
            String error = "no count reported yet";
            store.checkFailed(id, expected, error);
            return result(id, expected, null, null, error);
        }
        double drift = drift(expected, reported);
        int change = store.checked(id, expected, reported, drift, drift > m.thresholdPct());
        if (change == 1) {
            log.warn("monitor.alert_opened", "monitor", id, "expected", expected, "reported", reported, "drift", percent(drift));
            notify(m, "drydock: " + m.name() + " — expected " + expected + " findings, downstream reports " + reported
                    + " (" + percent(drift) + " % drift)");
        } else if (change == -1) {
            log.info("monitor.alert_resolved", "monitor", id, "expected", expected, "reported", reported, "drift", percent(drift));
            notify(m, "drydock: " + m.name() + " — resolved: expected " + expected + " findings, downstream reports "
                    + reported + " (" + percent(drift) + " % drift)");
        }
        return result(id, expected, reported, drift, null);
    }

    /** |expected − reported| / max(expected, 1) × 100. */
    public static double drift(long expected, long reported) {
        return Math.abs((double) expected - reported) / Math.max(expected, 1) * 100.0;
    }

    static String percent(double drift) {
        return String.format(Locale.ROOT, "%.1f", drift);
    }

    private static String result(long id, long expected, Long reported, Double drift, String error) {
        var o = PAYLOAD.createObjectNode().put("monitor", id).put("expected", expected);
        if (reported != null) o.put("reported", reported);
        if (drift != null) o.put("driftPct", drift);
        if (error != null) o.put("error", error);
        return o.toString();
    }

    private static long monitorId(String payload) throws PermanentJobFailure {
        try {
            JsonNode n = PAYLOAD.readTree(payload == null ? "" : payload);
            JsonNode id = n == null ? null : n.get("monitor");
            if (id == null || !id.canConvertToLong()) throw new PermanentJobFailure("payload needs a monitor id");
            return id.asLong();
        } catch (JsonProcessingException e) {
            throw new PermanentJobFailure("payload is not JSON");
        }
    }

    static final class CountUnavailable extends Exception {
        CountUnavailable(String message) {
            super(message);
        }
    }

    /** GET the count_url and read the count at the JSON pointer: a whole number, 0 or more. */
    long fetch(String url, String field) throws CountUnavailable {
        HttpRequest req = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).header("Accept", "application/json").GET().build();
        byte[] body;
        try {
            HttpResponse<InputStream> r = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = r.body()) {
                if (r.statusCode() != 200) throw new CountUnavailable("count_url answered HTTP " + r.statusCode());
                body = in.readNBytes(MAX_BODY + 1);
            }
        } catch (IOException e) {
            throw new CountUnavailable("count_url unreachable: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CountUnavailable("interrupted");
        }
        if (body.length > MAX_BODY) throw new CountUnavailable("count_url answer is larger than " + MAX_BODY + " bytes");
        JsonNode n;
        try {
            n = STRICT.readTree(body);
        } catch (IOException e) {
            throw new CountUnavailable("count_url answer is not JSON");
        }
        JsonNode v = n == null ? null : n.at(JsonPointer.compile(field));
        if (v == null || v.isMissingNode() || !v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0) {
            throw new CountUnavailable("count_url answer has no whole number 0 or more at " + field);
        }
        return v.asLong();
    }

    /** POSTs {"text": ...} to the monitor's webhook (Slack-compatible); a failure is logged, never thrown. */
    void notify(Monitor m, String text) {
        if (m.webhookUrl() == null) return;
        try {
            String json = PAYLOAD.createObjectNode().put("text", text).toString();
            HttpRequest req = HttpRequest.newBuilder(URI.create(m.webhookUrl())).timeout(TIMEOUT)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build();
            HttpResponse<Void> r = http.send(req, HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() / 100 != 2) log.warn("monitor.webhook_failed", "monitor", m.id(), "status", r.statusCode());
        } catch (IOException | RuntimeException e) {
            log.warn("monitor.webhook_failed", "monitor", m.id(), "error", e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
