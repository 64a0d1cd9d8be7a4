package dev.drydock.server.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.drydock.server.rematch.RematchJobs;
import dev.drydock.server.rematch.Rematcher;
import dev.drydock.server.store.JobStatus;
import dev.drydock.server.store.Principal;
import dev.drydock.server.store.Store;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * POST /api/v1/rematch (admin) queues a re-match: of the whole fleet (no body, or {}), or of some images
 * ({"digests": [...]}); GET /api/v1/jobs/{id} (admin) shows how a queued job is doing. The web process only
 * queues: the work runs in a worker, which has the vulnerability database.
 */
final class JobsApi {
    private static final long MAX_BODY = 64 * 1024;
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}|sha512:[0-9a-f]{128}");
    private static final Pattern ID = Pattern.compile("[1-9][0-9]{0,17}");

    private final Store store;
    private final Access access;

    JobsApi(Store store, Access access) {
        this.store = store;
        this.access = access;
    }

    void register(Routes r) {
        r.post("/api/v1/rematch", this::rematch);
        r.get("/api/v1/jobs/{id}", this::job);
    }

    private void rematch(Context ctx) {
        Principal who = access.require(ctx, Access.ADMINS);
        byte[] bytes = Json.Bodies.read(ctx, MAX_BODY);
        List<String> digests = bytes.length == 0 ? List.of() : digests(parse(bytes));
        long id;
        if (digests.isEmpty()) {
            id = queueFleet();
            store.audit(who.name(), "rematch.fleet", "job " + id, null);
        } else {
            id = store.enqueue(RematchJobs.IMAGES, RematchJobs.imagesPayload(digests));
            store.audit(who.name(), "rematch.images", "job " + id, digests.size() + " images");
        }
        Json.write(ctx, 202, Map.of("job", id));
    }

    /** A new fleet job, or the one already queued or running (the two cannot both be pending). */
    private long queueFleet() {
        for (int i = 0; i < 3; i++) {
            Optional<Long> id = store.enqueueUnique(RematchJobs.FLEET, "{\"reason\":\"requested\"}", RematchJobs.FLEET_KEY);
            if (id.isPresent()) return id.get();
            Optional<Long> pending = store.pendingJob(RematchJobs.FLEET_KEY);
            if (pending.isPresent()) return pending.get();
            // The pending one finished between the two statements: queue again.
        }
        throw new IllegalStateException("could not queue a fleet re-match");
    }

    private static JsonNode parse(byte[] bytes) {
        try {
            JsonNode n = Json.MAPPER.readTree(bytes);
            if (n == null || n.isMissingNode()) return Json.MAPPER.createObjectNode();
            return n;
        } catch (java.io.IOException e) {
            throw ApiError.badRequest("malformed JSON in request body");
        }
    }

    private static List<String> digests(JsonNode body) {
        if (!body.isObject()) throw ApiError.badRequest("request body must be a JSON object");
        for (var it = body.fieldNames(); it.hasNext(); ) {
            if (!it.next().equals("digests")) throw ApiError.badRequest("request body may only hold digests");
        }
        JsonNode list = body.get("digests");
        if (list == null || list.isNull()) return List.of();
        if (!list.isArray() || list.isEmpty()) throw ApiError.badRequest("digests must be a non-empty array of image digests");
        if (list.size() > Rematcher.BATCH) throw new ApiError(413, "more than " + Rematcher.BATCH + " digests");
        List<String> out = new ArrayList<>();
        for (JsonNode d : list) {
            if (!d.isTextual() || !DIGEST.matcher(d.textValue()).matches()) {
                throw ApiError.badRequest("digests must look like sha256:<64 hex digits>");
            }
            if (!out.contains(d.textValue())) out.add(d.textValue());
        }
        return out;
    }

    private void job(Context ctx) {
        access.require(ctx, Access.ADMINS);
        String raw = ctx.pathParam("id");
        if (!ID.matcher(raw).matches()) throw ApiError.badRequest("job id must be a positive integer");
        JobStatus j = store.job(Long.parseLong(raw)).orElseThrow(() -> ApiError.notFound("job"));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", j.id());
        out.put("kind", j.kind());
        out.put("state", j.state());
        out.put("attempts", j.attempts());
        out.put("maxAttempts", j.maxAttempts());
        out.put("lastError", j.lastError());
        out.put("runAfter", j.runAfter());
        out.put("leaseUntil", j.leaseUntil());
        out.put("result", result(j.result()));
        Json.write(ctx, 200, out);
    }

    /** A done job's outcome as the JSON it is, not as a string holding JSON. */
    private static JsonNode result(String json) {
        if (json == null) return null;
        try {
            return Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            return Json.MAPPER.getNodeFactory().textNode(json);
        }
    }
}
