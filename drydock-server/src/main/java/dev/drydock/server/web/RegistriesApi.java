package dev.drydock.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drydock.server.registry.Registries;
import dev.drydock.server.registry.RegistryJobs;
import dev.drydock.server.store.Principal;
import dev.drydock.server.store.RegistryRow;
import dev.drydock.server.store.Store;
import io.javalin.http.Context;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The registries the connector discovers (admin only: they reveal infrastructure). A registry's credentials
 * go in once, with POST, and never come out: answers say only whether there are any, and the audit log
 * records who added or removed which URL, never the secret.
 */
final class RegistriesApi {
    private static final long MAX_BODY = 64 * 1024;
    private static final Pattern ID = Pattern.compile("[1-9][0-9]{0,17}");
    private static final Set<String> FIELDS = Set.of("url", "username", "password");

    private final Registries registries;
    private final Store store;
    private final Access access;

    RegistriesApi(Registries registries, Access access) {
        this.registries = registries;
        this.store = registries.store();
        this.access = access;
    }

    void register(Routes r) {
        r.get("/api/v1/registries", this::list);
        r.post("/api/v1/registries", this::add);
        r.delete("/api/v1/registries/{id}", this::delete);
        r.post("/api/v1/registries/{id}/discover", this::discover);
    }

    private void list(Context ctx) {
        access.require(ctx, Access.ADMINS);
        Json.write(ctx, 200, Map.of("items", store.registries().stream().map(RegistriesApi::view).toList()));
    }

    private void add(Context ctx) {
        Principal who = access.require(ctx, Access.ADMINS);
        JsonNode body = Json.body(ctx, MAX_BODY);
        if (!body.isObject()) throw ApiError.badRequest("request body must be a JSON object");
        for (var it = body.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) throw ApiError.badRequest("unknown field; allowed: url, username, password");
        }
        Registries.Added added;
        try {
            added = registries.add(text(body, "url"), text(body, "username"), text(body, "password"));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
        RegistryRow row = added.row().orElseThrow(() -> new ApiError(409, "a registry with this url exists already"));
        store.audit(who.name(), "registry.add", row.url(), row.hasCredentials() ? "with credentials" : "anonymous");
        // the first discovery right away rather than at the next scheduled round
        Optional<Long> job = store.enqueueUnique(RegistryJobs.DISCOVER, RegistryJobs.discoverPayload(row.id()), RegistryJobs.discoverKey(row.id()));
        Map<String, Object> out = view(row);
        out.put("job", job.orElse(null));
        Json.write(ctx, 201, out);
    }

    private void delete(Context ctx) {
        Principal who = access.require(ctx, Access.ADMINS);
        long id = id(ctx);
        RegistryRow row = store.registry(id).orElseThrow(() -> ApiError.notFound("registry"));
        if (!store.deleteRegistry(id)) throw ApiError.notFound("registry");
        store.audit(who.name(), "registry.delete", row.url(), null);
        ctx.status(204);
    }

    private void discover(Context ctx) {
        Principal who = access.require(ctx, Access.ADMINS);
        long id = id(ctx);
        store.registry(id).orElseThrow(() -> ApiError.notFound("registry"));
        long job = queue(id);
        store.audit(who.name(), "registry.discover", "registry " + id, "job " + job);
        Json.write(ctx, 202, Map.of("job", job));
    }

    /** A new discovery, or the one already queued or running (there is at most one per registry). */
    private long queue(long id) {
        String key = RegistryJobs.discoverKey(id);
        for (int i = 0; i < 3; i++) {
            Optional<Long> job = store.enqueueUnique(RegistryJobs.DISCOVER, RegistryJobs.discoverPayload(id), key);
            if (job.isPresent()) return job.get();
            Optional<Long> pending = store.pendingJob(key);
            if (pending.isPresent()) return pending.get();
        }
        throw new IllegalStateException("could not queue a discovery");
    }

    private static long id(Context ctx) {
        String raw = ctx.pathParam("id");
        if (!ID.matcher(raw).matches()) throw ApiError.badRequest("registry id must be a positive integer");
        return Long.parseLong(raw);
    }

    private static String text(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) return null;
        if (!n.isTextual()) throw ApiError.badRequest(field + " must be a string");
        return n.textValue();
    }

    /** What an admin sees of a registry: never its credentials. */
    private static Map<String, Object> view(RegistryRow r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("url", r.url());
        m.put("hasCredentials", r.hasCredentials());
        m.put("createdAt", r.createdAt());
        m.put("lastDiscoveredAt", r.lastDiscoveredAt());
        m.put("lastResult", result(r.lastResult()));
        m.put("lastError", r.lastError());
        m.put("lastErrorAt", r.lastErrorAt());
        return m;
    }

    private static JsonNode result(String json) {
        if (json == null) return null;
        try {
            return Json.MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            return Json.MAPPER.getNodeFactory().textNode(json);
        }
    }
}
