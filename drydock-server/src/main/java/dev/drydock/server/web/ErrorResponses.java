package dev.drydock.server.web;

import dev.drydock.image.BadInputException;
import dev.drydock.server.jobs.Log;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * Every failure as {@code {"error": "one line"}} with its status. Messages of expected failures come from
 * drydock's own code (which names fields, never echoes hostile values at length); anything unexpected
 * is a 500 with a fixed text, its stack trace going to the server's structured log only, never to the client.
 */
final class ErrorResponses {
    private static final int MAX_MESSAGE = 300;

    private ErrorResponses() {
    }

    static void register(RoutesConfig routes, Log log) {
        routes.exception(ApiError.class, (e, ctx) -> Json.error(ctx, e.status, oneLine(e.getMessage())));
        routes.exception(BadInputException.class, (e, ctx) -> Json.error(ctx, 400, oneLine(e.getMessage())));
        routes.exception(IllegalArgumentException.class, (e, ctx) -> {
            // The store refuses over-limit counts whole with "too many …" (docs/server-storage.md): that is a size problem.
            String m = e.getMessage() == null ? "bad request" : e.getMessage();
            Json.error(ctx, m.startsWith("too many ") ? 413 : 400, oneLine(m));
        });
        routes.exception(HttpResponseException.class, (e, ctx) -> Json.error(ctx, e.getStatus(), oneLine(e.getMessage())));
        routes.exception(Exception.class, (e, ctx) -> {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            String route = ctx.attribute(Routes.ATTRIBUTE);
            log.error("http.internal_error", "method", ctx.method().name(), "route", route == null ? "unmatched" : route,
                    "error", e.toString(), "trace", trace.toString());
            Json.error(ctx, 500, "internal server error");
        });
        // Statuses Javalin sets itself (no route, method not allowed) — only when no handler already wrote a body.
        routes.error(404, ctx -> defaultBody(ctx, "not found"));
        routes.error(405, ctx -> defaultBody(ctx, "method not allowed"));
        routes.error(413, ctx -> defaultBody(ctx, "request body too large"));
    }

    private static void defaultBody(Context ctx, String message) {
        // A matched route already answered with its own message; Javalin's own texts echo the path, ours do not.
        if (ctx.attribute(Routes.ATTRIBUTE) == null) Json.error(ctx, ctx.status().getCode(), message);
    }

    static String oneLine(String s) {
        if (s == null) return "error";
        String line = s.lines().findFirst().orElse("");
        StringBuilder b = new StringBuilder();
        line.codePoints().limit(MAX_MESSAGE).forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return b.toString();
    }
}
