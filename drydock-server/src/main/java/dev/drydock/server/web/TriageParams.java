package dev.drydock.server.web;

import dev.drydock.server.store.TriageQuery;
import dev.drydock.server.store.TriageSort;
import io.javalin.http.Context;

/**
 * Query parameters of the triage queue (API and page), validated strictly as {@link ImageParams} does: an
 * unknown value is a 400 naming the parameter. Values reach SQL only as bound parameters; the sort is an enum.
 */
final class TriageParams {
    private TriageParams() {
    }

    static TriageQuery query(Context ctx) {
        TriageQuery q = TriageQuery.open();
        String state = ctx.queryParam("state");
        if (state != null && !state.isBlank()) q = ImageParams.parse(() -> TriageQuery.open().withState(state.strip())).withPage(q.limit(), 0);
        String repository = text(ctx, "repository", 1024);
        if (repository != null) q = q.withRepository(repository);
        String severity = ctx.queryParam("severity");
        if (severity != null && !severity.isBlank()) q = q.withMinSeverity(ImageParams.severity(severity));
        String kev = ctx.queryParam("kev");
        if (kev != null && !kev.isBlank()) q = q.withKevOnly(ImageParams.bool("kev", kev));
        String assignee = text(ctx, "assignee", 256);
        if (assignee != null) q = q.withAssignee(assignee);
        String sort = ctx.queryParam("sort");
        if (sort != null && !sort.isBlank()) q = q.withSort(ImageParams.parse(() -> TriageSort.parse(sort)));
        int limit = ImageParams.integer(ctx, "limit", TriageQuery.DEFAULT_LIMIT, 1, TriageQuery.MAX_LIMIT);
        int offset = ImageParams.integer(ctx, "offset", 0, 0, TriageQuery.MAX_OFFSET);
        return q.withPage(limit, offset);
    }

    static String text(Context ctx, String name, int max) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) return null;
        if (v.length() > max) throw ApiError.badRequest(name + " is too long");
        return v.strip();
    }
}
