package dev.drydock.server.web;

import dev.drydock.server.store.Stage;
import io.javalin.http.Context;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The query parameters shared by the raw-body uploads (SBOMs, imports): stage and context. */
final class UploadParams {
    static final int MAX_PARAMS = 64;

    private UploadParams() {
    }

    /** {@code ?stage=}, or {@code dflt} when absent. */
    static Stage stage(Context ctx, Stage dflt) {
        String s = ctx.queryParam("stage");
        try {
            return s == null ? dflt : Stage.parse(s);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
    }

    /** Repeatable {@code ?context=key=value}. */
    static Map<String, String> context(Context ctx) {
        List<String> pairs = ctx.queryParams("context");
        if (pairs.size() > MAX_PARAMS) throw new ApiError(413, "more than " + MAX_PARAMS + " context entries");
        Map<String, String> out = new LinkedHashMap<>();
        for (String p : pairs) {
            int eq = p.indexOf('=');
            if (eq <= 0) throw ApiError.badRequest("context must be key=value");
            out.put(p.substring(0, eq), p.substring(eq + 1));
        }
        return out;
    }
}
