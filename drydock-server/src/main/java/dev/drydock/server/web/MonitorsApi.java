package dev.drydock.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drydock.server.monitor.Monitor;
import dev.drydock.server.monitor.MonitorJobs;
import dev.drydock.server.monitor.MonitorStore;
import dev.drydock.server.store.Principal;
import dev.drydock.server.store.Role;
import dev.drydock.server.store.Store;
import io.javalin.http.Context;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The ingestion monitors. Readers list them (without the webhook URL, and without the count URL unless they
 * are an admin: either may carry a secret); admins add, remove and check; an import pipeline (ci, triager,
 * admin) pushes the count the downstream system reports.
 */
final class MonitorsApi {
    private static final long MAX_BODY = 16 * 1024;
    private static final Pattern ID = Pattern.compile("[1-9][0-9]{0,17}");
    private static final Pattern SCANNER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern POINTER = Pattern.compile("(/[^/]*)+");
    private static final Set<String> FIELDS = Set.of("name", "scanner", "repository", "countUrl", "countField",
            "thresholdPct", "webhookUrl");
    static final long MAX_COUNT = 1_000_000_000_000L;

    private final Store store;
    private final MonitorStore monitors;
    private final Access access;

    MonitorsApi(Store store, MonitorStore monitors, Access access) {
        this.store = store;
        this.monitors = monitors;
        this.access = access;
    }

    void register(Routes r) {
        r.get("/api/v1/monitors", this::list);
        r.post("/api/v1/monitors", this::add);
        r.delete("/api/v1/monitors/{id}", this::delete);
        r.post("/api/v1/monitors/{id}/reported", this::reported);
        r.post("/api/v1/monitors/{id}/check", this::check);
    }

    private void list(Context ctx) {
        boolean admin = access.read(ctx).map(p -> p.role() == Role.ADMIN).orElse(false);
        Json.write(ctx, 200, Map.of("items", monitors.list().stream().map(m -> view(m, admin)).toList()));
    }

    private void add(Context ctx) {
        Principal who = access.require(ctx, Access.ADMINS);
        JsonNode body = Json.body(ctx, MAX_BODY);
        if (!body.isObject()) throw ApiError.badRequest("request body must be a JSON object");
        for (var it = body.fieldNames(); it.hasNext(); ) {
            if (!FIELDS.contains(it.next())) {
                throw ApiError.badRequest("unknown field; allowed: name, scanner, repository, countUrl, countField, thresholdPct, webhookUrl");
            }
        }
        String name = label(text(body, "name"), "name", 100);
        if (name == null) throw ApiError.badRequest("name is required");
        String scanner = text(body, "scanner");
        if (scanner == null || !SCANNER.matcher(scanner).matches()) {
            throw ApiError.badRequest("scanner is required: letters, digits, '.', '_' or '-', at most 64");
        }
        String repository = label(text(body, "repository"), "repository", 255);
        String countUrl = url(text(body, "countUrl"), "countUrl");
        String countField = text(body, "countField");
        if (countField == null) countField = "/count";
        if (countField.length() > 200 || !POINTER.matcher(countField).matches()) {
            throw ApiError.badRequest("countField must be a JSON pointer such as /count");
        }
        if (countUrl == null && body.has("countField")) throw ApiError.badRequest("countField needs a countUrl");
        double threshold = 5;
        JsonNode t = body.get("thresholdPct");
        if (t != null && !t.isNull()) {
            if (!t.isNumber() || !(t.asDouble() > 0) || t.asDouble() > 100) {
                throw ApiError.badRequest("thresholdPct must be a number above 0 and at most 100");
            }
            threshold = t.asDouble();
        }
        String webhook = url(text(body, "webhookUrl"), "webhookUrl");
        Monitor m = monitors.add(new MonitorStore.NewMonitor(name, scanner.toLowerCase(Locale.ROOT), repository, countUrl,
                        countField, threshold, webhook))
                .orElseThrow(() -> new ApiError(409, "a monitor with this name exists already"));
        store.audit(who.name(), "monitor.add", m.name(), "scanner " + m.scanner());
        Json.write(ctx, 201, view(m, true));
    }

    private void delete(Context ctx) {
        Principal who = access.require(ctx, Access.ADMINS);
        Monitor m = monitor(ctx);
        if (!monitors.delete(m.id())) throw ApiError.notFound("monitor");
        store.audit(who.name(), "monitor.delete", m.name(), null);
        ctx.status(204);
    }

    private void reported(Context ctx) {
        Principal who = access.require(ctx, Access.IMPORTERS);
        Monitor m = monitor(ctx);
        JsonNode body = Json.body(ctx, MAX_BODY);
        if (!body.isObject() || body.size() != 1 || !body.has("count")) {
            throw ApiError.badRequest("request body must be {\"count\": N}");
        }
        JsonNode c = body.get("count");
        if (!c.isIntegralNumber() || !c.canConvertToLong() || c.asLong() < 0 || c.asLong() > MAX_COUNT) {
            throw ApiError.badRequest("count must be a whole number from 0 to " + MAX_COUNT);
        }
        if (m.countUrl() != null) throw new ApiError(409, "this monitor polls its countUrl; it takes no pushed count");
        if (!monitors.reported(m.id(), c.asLong())) throw ApiError.notFound("monitor");
        store.audit(who.name(), "monitor.reported", m.name(), "count " + c.asLong());
        Json.write(ctx, 200, Map.of("id", m.id(), "reportedCount", c.asLong()));
    }

    private void check(Context ctx) {
        Principal who = access.require(ctx, Access.ADMINS);
        Monitor m = monitor(ctx);
        String key = MonitorJobs.key(m.id());
        long job = -1;
        for (int i = 0; i < 3 && job < 0; i++) {
            Optional<Long> queued = store.enqueueUnique(MonitorJobs.CHECK, MonitorJobs.payload(m.id()), key);
            if (queued.isPresent()) job = queued.get();
            else job = store.pendingJob(key).orElse(-1L);
        }
        if (job < 0) throw new IllegalStateException("could not queue a check");
        store.audit(who.name(), "monitor.check", m.name(), "job " + job);
        Json.write(ctx, 202, Map.of("job", job));
    }

    private Monitor monitor(Context ctx) {
        String raw = ctx.pathParam("id");
        if (!ID.matcher(raw).matches()) throw ApiError.badRequest("monitor id must be a positive integer");
        return monitors.get(Long.parseLong(raw)).orElseThrow(() -> ApiError.notFound("monitor"));
    }

    private static String text(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) return null;
        if (!n.isTextual()) throw ApiError.badRequest(field + " must be a string");
        return n.textValue();
    }

    /** Trimmed, non-empty, without control characters, at most {@code max} characters; null stays null. */
    private static String label(String s, String field, int max) {
        if (s == null) return null;
        s = s.strip();
        if (s.isEmpty() || s.length() > max || s.chars().anyMatch(Character::isISOControl)) {
            throw ApiError.badRequest(field + " must be 1 to " + max + " characters, without control characters");
        }
        return s;
    }

    /** An absolute http or https URL with a host, at most 2048 characters; null stays null. */
    static String url(String s, String field) {
        if (s == null) return null;
        if (s.length() > 2048) throw ApiError.badRequest(field + " is too long");
        URI u;
        try {
            u = new URI(s);
        } catch (URISyntaxException e) {
            throw ApiError.badRequest(field + " is not a valid URL");
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) throw ApiError.badRequest(field + " must be an http or https URL");
        if (u.getHost() == null || u.getHost().isEmpty()) throw ApiError.badRequest(field + " needs a host");
        if (u.getRawFragment() != null) throw ApiError.badRequest(field + " must not have a fragment");
        return s;
    }

    private static Map<String, Object> view(Monitor m, boolean admin) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", m.id());
        v.put("name", m.name());
        v.put("scanner", m.scanner());
        v.put("repository", m.repository());
        v.put("source", m.countUrl() == null ? "pushed" : "countUrl");
        if (admin) {
            v.put("countUrl", m.countUrl());
            v.put("webhookUrl", m.webhookUrl());
        }
        v.put("countField", m.countUrl() == null ? null : m.countField());
        v.put("hasWebhook", m.webhookUrl() != null);
        v.put("thresholdPct", m.thresholdPct());
        v.put("reportedCount", m.reportedCount());
        v.put("reportedAt", m.reportedAt());
        v.put("lastExpected", m.lastExpected());
        v.put("lastReported", m.lastReported());
        v.put("lastDriftPct", m.lastDriftPct());
        v.put("lastCheckedAt", m.lastCheckedAt());
        v.put("lastError", m.lastError());
        v.put("alertOpen", m.alertOpen());
        v.put("alertOpenSince", m.alertOpenSince());
        v.put("createdAt", m.createdAt());
        return v;
    }
}
