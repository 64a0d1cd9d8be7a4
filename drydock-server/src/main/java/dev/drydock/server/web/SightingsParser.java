package dev.drydock.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drydock.server.store.ImageName;
import dev.drydock.server.store.Sighting;
import dev.drydock.server.store.Stage;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The body of POST /api/v1/sightings: {"sightings": [{"digest", "stage", "names", "workload"}]}. Strict:
 * unknown fields, wrong types and a stage other than ci, registry or runtime are a 400 naming the field
 * and the sighting's index; counts over the limits are a 413. Nothing from the body is echoed back.
 */
final class SightingsParser {
    static final int MAX_SIGHTINGS = 1_000;
    /** Names over all sightings of one request: a sighting may carry many tags, a request not millions. */
    static final int MAX_NAMES = 10_000;
    static final int MAX_WORKLOAD_TEXT = 253; // a Kubernetes object name is at most 253 characters
    static final int MAX_EXPOSURE = 64;
    static final int MAX_REPLICAS = 1_000_000;

    private static final Set<String> SIGHTING_FIELDS = Set.of("digest", "stage", "names", "workload");
    private static final Set<String> WORKLOAD_FIELDS = Set.of("cluster", "namespace", "kind", "name", "container", "replicas", "exposure");

    private SightingsParser() {
    }

    static List<Sighting> parse(JsonNode body) {
        if (!body.isObject()) throw ApiError.badRequest("request body must be a JSON object");
        onlyFields(body, Set.of("sightings"), "request body");
        JsonNode list = body.get("sightings");
        if (list == null || !list.isArray() || list.isEmpty()) throw ApiError.badRequest("sightings must be a non-empty array");
        if (list.size() > MAX_SIGHTINGS) throw new ApiError(413, "more than " + MAX_SIGHTINGS + " sightings");
        List<Sighting> out = new ArrayList<>();
        int names = 0;
        for (int i = 0; i < list.size(); i++) {
            JsonNode s = list.get(i);
            String where = "sightings[" + i + "]";
            if (!s.isObject()) throw ApiError.badRequest(where + " must be an object");
            onlyFields(s, SIGHTING_FIELDS, where);
            String digest = text(s, "digest", where, 200, true);
            Stage stage = stage(text(s, "stage", where, 16, true), where);
            List<ImageName> n = names(s.get("names"), where);
            names += n.size();
            if (names > MAX_NAMES) throw new ApiError(413, "more than " + MAX_NAMES + " names in one request");
            Sighting.Workload w = workload(s.get("workload"), where);
            try {
                out.add(new Sighting(digest, stage, n, w));
            } catch (IllegalArgumentException e) {
                throw ApiError.badRequest(where + ": " + e.getMessage());
            }
        }
        return out;
    }

    private static Stage stage(String word, String where) {
        return switch (word) {
            case "ci" -> Stage.CI;
            case "registry" -> Stage.REGISTRY;
            case "runtime" -> Stage.RUNTIME;
            default -> throw ApiError.badRequest(where + ".stage must be one of runtime, registry, ci");
        };
    }

    private static List<ImageName> names(JsonNode v, String where) {
        if (v == null || v.isNull()) return List.of();
        if (!v.isArray()) throw ApiError.badRequest(where + ".names must be an array of image references");
        if (v.size() > MAX_NAMES) throw new ApiError(413, "more than " + MAX_NAMES + " names in one request");
        List<ImageName> out = new ArrayList<>();
        for (JsonNode n : v) {
            if (!n.isTextual() || n.textValue().length() > 1024) throw ApiError.badRequest(where + ".names must hold image references");
            out.add(ImageName.fromReference(n.textValue()).orElseThrow(() ->
                    ApiError.badRequest(where + ".names must be registry references such as registry.example.com/repo:tag")));
        }
        return out;
    }

    private static Sighting.Workload workload(JsonNode v, String where) {
        if (v == null || v.isNull()) return null;
        String at = where + ".workload";
        if (!v.isObject()) throw ApiError.badRequest(at + " must be an object");
        onlyFields(v, WORKLOAD_FIELDS, at);
        Integer replicas = null;
        JsonNode r = v.get("replicas");
        if (r != null && !r.isNull()) {
            if (!r.isIntegralNumber() || !r.canConvertToInt() || r.intValue() < 0 || r.intValue() > MAX_REPLICAS) {
                throw ApiError.badRequest(at + ".replicas must be an integer from 0 to " + MAX_REPLICAS);
            }
            replicas = r.intValue();
        }
        return new Sighting.Workload(text(v, "cluster", at, MAX_WORKLOAD_TEXT, true), text(v, "namespace", at, MAX_WORKLOAD_TEXT, true),
                text(v, "kind", at, MAX_WORKLOAD_TEXT, true), text(v, "name", at, MAX_WORKLOAD_TEXT, true),
                text(v, "container", at, MAX_WORKLOAD_TEXT, true), replicas, text(v, "exposure", at, MAX_EXPOSURE, false));
    }

    private static void onlyFields(JsonNode o, Set<String> allowed, String where) {
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
            if (!allowed.contains(it.next())) throw ApiError.badRequest(where + " has a field other than " + String.join(", ", allowed.stream().sorted().toList()));
        }
    }

    /** A bounded string without control characters; blank counts as missing. */
    private static String text(JsonNode o, String field, String where, int max, boolean required) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull() || (v.isTextual() && v.textValue().isBlank())) {
            if (required) throw ApiError.badRequest(where + "." + field + " is required");
            return null;
        }
        if (!v.isTextual()) throw ApiError.badRequest(where + "." + field + " must be a string");
        String s = v.textValue();
        if (s.length() > max) throw ApiError.badRequest(where + "." + field + " is longer than " + max + " characters");
        if (s.codePoints().anyMatch(Character::isISOControl)) throw ApiError.badRequest(where + "." + field + " holds control characters");
        return s;
    }
}
