package dev.drydock.server.web;

import dev.drydock.model.Digest;
import dev.drydock.model.Severity;
import dev.drydock.server.store.ImageQuery;
import dev.drydock.server.store.ImageSort;
import dev.drydock.server.store.StageGap;
import io.javalin.http.Context;

import java.util.Locale;

/**
 * Query and path parameters of the image endpoints and pages, validated strictly: an unknown value is a
 * 400 naming the parameter, never a silent default, so a typo in a filter cannot look like "no
 * findings". Values reach SQL only as bound parameters (the store binds them); the sort is an enum.
 */
final class ImageParams {
    private ImageParams() {
    }

    static ImageQuery query(Context ctx) {
        ImageQuery q = ImageQuery.all();
        String repository = ctx.queryParam("repository");
        if (repository != null && !repository.isBlank()) {
            if (repository.length() > 1024) throw ApiError.badRequest("repository is too long");
            q = q.withRepository(repository.strip());
        }
        String severity = ctx.queryParam("severity");
        if (severity != null && !severity.isBlank()) q = q.withMinSeverity(severity(severity));
        String kev = ctx.queryParam("kev");
        if (kev != null && !kev.isBlank()) q = q.withKevOnly(bool("kev", kev));
        String gap = ctx.queryParam("gap");
        if (gap != null && !gap.isBlank()) q = q.withStageGap(parse(() -> StageGap.parse(gap)));
        String sort = ctx.queryParam("sort");
        if (sort != null && !sort.isBlank()) q = q.withSort(parse(() -> ImageSort.parse(sort)));
        int limit = integer(ctx, "limit", ImageQuery.DEFAULT_LIMIT, 1, ImageQuery.MAX_LIMIT);
        int offset = integer(ctx, "offset", 0, 0, ImageQuery.MAX_OFFSET);
        return q.withPage(limit, offset);
    }

    /** The {digest} path parameter, which must be a well-formed digest. */
    static String digest(Context ctx) {
        String d = ctx.pathParam("digest");
        try {
            return Digest.parse(d).toString();
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("digest must look like sha256:<64 hex digits>");
        }
    }

    static Severity severity(String s) {
        String w = s.strip().toLowerCase(Locale.ROOT);
        for (Severity v : Severity.values()) if (v.id().equals(w)) return v;
        throw ApiError.badRequest("severity must be one of critical, high, medium, low, negligible, unknown");
    }

    static boolean bool(String name, String s) {
        return switch (s.strip().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw ApiError.badRequest(name + " must be true or false");
        };
    }

    static int integer(Context ctx, String name, int dflt, int min, int max) {
        String s = ctx.queryParam(name);
        if (s == null || s.isBlank()) return dflt;
        try {
            int v = Integer.parseInt(s.strip());
            if (v < min || v > max) throw ApiError.badRequest(name + " must be from " + min + " to " + max);
            return v;
        } catch (NumberFormatException e) {
            throw ApiError.badRequest(name + " must be an integer");
        }
    }

    static <T> T parse(java.util.function.Supplier<T> p) {
        try {
            return p.get();
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
    }
}
