package dev.drydock.server.web;

import dev.drydock.server.monitor.MonitorStore;
import dev.drydock.server.store.Principal;
import dev.drydock.server.store.Store;
import io.javalin.http.Context;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static dev.drydock.server.web.Html.Attrs;
import static dev.drydock.server.web.Html.el;
import static dev.drydock.server.web.Html.empty;
import static dev.drydock.server.web.Html.text;

/**
 * The server-rendered pages and the browser login. Reads follow the API's rule (a reader's token, or
 * none under --public-read); a browser without a token is sent to the login form, which stores the
 * token in an HttpOnly, SameSite=Strict cookie.
 */
final class Pages {
    private static final long MAX_FORM = 4096;

    private final Store store;
    private final Access access;
    private final MonitorStore monitors;

    Pages(Store store, Access access, MonitorStore monitors) {
        this.store = store;
        this.access = access;
        this.monitors = monitors;
    }

    void register(Routes r) {
        r.get("/", ctx -> {
            if (!allowed(ctx)) return;
            var q = ImageParams.query(ctx);
            Layout.send(ctx, 200, "Images", Html.of(ImageListPage.monitorAlerts(monitors.openAlerts()), ImageListPage.render(store.images(q), q)));
        });
        r.get("/images/{digest}", ctx -> {
            if (!allowed(ctx)) return;
            String digest = ImageParams.digest(ctx);
            var detail = store.image(digest).orElseThrow(() -> ApiError.notFound("image"));
            String baseName = detail.baseDigest() == null ? null : store.image(detail.baseDigest())
                    .flatMap(b -> b.names().stream().findFirst()).map(n -> n.name().toString()).orElse(null);
            Layout.send(ctx, 200, detail.names().isEmpty() ? ImageListPage.shortDigest(digest) : detail.names().getFirst().name().toString(),
                    ImagePage.render(detail, baseName, store.packages(digest), store.findings(digest, false),
                            store.findingHistory(digest), Instant.now()));
        });
        r.get("/reconcile", ctx -> {
            if (!allowed(ctx)) return;
            var q = ReconcileParams.query(ctx, store, ReconcilePage.DEFAULT_A, ReconcilePage.DEFAULT_B,
                    dev.drydock.server.store.DriftQuery.DEFAULT_LIMIT, ReconcileParams.API_MAX_LIMIT);
            boolean fleet = q.image() == null && q.repository() == null;
            var fleetParity = fleet ? store.fleetParity(q.scannerA(), q.scannerB()) : null;
            var parity = fleet ? fleetParity.fleet() : store.parity(q);
            var repositories = fleet ? fleetParity.repositories() : java.util.List.<dev.drydock.server.store.Parity>of();
            var history = q.image() == null ? store.parityHistory(q.scannerA(), q.scannerB(), q.repository())
                    : java.util.List.<dev.drydock.server.store.ParityPoint>of();
            Layout.send(ctx, 200, "Reconcile", ReconcilePage.render(q, parity, repositories, history, store.drift(q)));
        });
        // The page's CSV link: the API needs the Authorization header, which a browser link cannot send.
        r.get("/reconcile/drift.csv", ctx -> {
            if (!allowed(ctx)) return;
            ReconcileApi.csv(ctx, store, ReconcileParams.query(ctx, store, ReconcilePage.DEFAULT_A, ReconcilePage.DEFAULT_B,
                    dev.drydock.server.store.DriftQuery.MAX_LIMIT, dev.drydock.server.store.DriftQuery.MAX_LIMIT));
        });
        r.get("/triage", ctx -> {
            if (!allowed(ctx)) return;
            var q = TriageParams.query(ctx);
            Layout.send(ctx, 200, "Triage", TriagePage.render(store.triageQueue(q), q));
        });
        r.get("/login", ctx -> login(ctx, 200, null));
        r.post("/login", this::doLogin);
        r.post("/logout", ctx -> {
            ctx.header("Set-Cookie", cookie("", 0));
            ctx.redirect("/login", io.javalin.http.HttpStatus.SEE_OTHER);
        });
    }

    /** False after answering: a browser without a usable token goes to the login form. */
    private boolean allowed(Context ctx) {
        try {
            access.readPage(ctx);
            return true;
        } catch (ApiError e) {
            if (e.status != 401) throw e;
            ctx.redirect("/login", io.javalin.http.HttpStatus.SEE_OTHER);
            return false;
        }
    }

    private void doLogin(Context ctx) {
        String token = formField(new String(Json.Bodies.read(ctx, MAX_FORM), StandardCharsets.UTF_8), "token");
        Principal p;
        try {
            p = access.authenticate(token == null ? "" : token.strip());
        } catch (ApiError e) {
            login(ctx, 401, "That token is not valid.");
            return;
        }
        if (!Access.READERS.contains(p.role())) {
            login(ctx, 403, "This token's role cannot read the inventory.");
            return;
        }
        if (!token.strip().matches("[A-Za-z0-9._~+/=-]+")) {
            // A token chosen through DRYDOCK_ADMIN_TOKEN could hold ';' and smuggle cookie attributes.
            login(ctx, 400, "This token cannot be kept in a cookie; use --public-read or an API client.");
            return;
        }
        ctx.header("Set-Cookie", cookie(token.strip(), 12 * 3600));
        ctx.redirect("/", io.javalin.http.HttpStatus.SEE_OTHER);
    }

    /**
     * HttpOnly: no script can read it. SameSite=Strict: no other site can make the browser send it. Secure
     * is left to the TLS-terminating proxy's configuration, since the server itself speaks plain HTTP.
     */
    private static String cookie(String value, int maxAge) {
        return Access.COOKIE + "=" + value + "; Path=/; Max-Age=" + maxAge + "; HttpOnly; SameSite=Strict";
    }

    private static void login(Context ctx, int status, String message) {
        Layout.send(ctx, status, "Sign in", Html.of(
                message == null ? Html.NONE : el("p", Attrs.of("class", "gap"), text(message)),
                el("form", Attrs.of("method", "post", "action", "/login"),
                        el("label", text("API token "), empty("input", Attrs.of("type", "password", "name", "token",
                                "autocomplete", "off", "maxlength", "512", "required", "required"))),
                        text(" "), el("button", Attrs.of("type", "submit"), text("Sign in"))),
                el("p", Attrs.of("class", "muted"), text("Any token with the viewer, triager or admin role."))));
    }

    private static String formField(String body, String name) {
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq < 0) continue;
            try {
                if (URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(name)) {
                    return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                }
            } catch (IllegalArgumentException e) {
                throw ApiError.badRequest("malformed form body");
            }
        }
        return null;
    }
}
