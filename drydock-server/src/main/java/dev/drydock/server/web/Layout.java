package dev.drydock.server.web;

import io.javalin.http.Context;

import static dev.drydock.server.web.Html.Attrs;
import static dev.drydock.server.web.Html.el;
import static dev.drydock.server.web.Html.empty;
import static dev.drydock.server.web.Html.text;

/** The page shell: head, a small inline stylesheet (no CDN, works offline), the header bar. */
final class Layout {
    private static final String CSS = """
            body{font:14px/1.4 system-ui,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
            header{background:#1d2330;color:#fff;padding:8px 16px;display:flex;gap:16px;align-items:center}
            header a{color:#fff;text-decoration:none;font-weight:600}
            header nav a{font-weight:400;margin-right:8px}
            main{padding:16px}
            table{border-collapse:collapse;width:100%;background:#fff;margin-bottom:16px}
            th,td{border-bottom:1px solid #e2e5ea;padding:4px 8px;text-align:left;vertical-align:top}
            th{background:#eef0f3}
            code,.mono{font-family:ui-monospace,monospace;font-size:12px;word-break:break-all}
            .sev{display:inline-block;min-width:2em;padding:0 4px;border-radius:3px;text-align:center;color:#fff}
            .critical{background:#8b0000}.high{background:#d9480f}.medium{background:#e0a800;color:#000}
            .low{background:#5c7cfa}.negligible,.unknown{background:#868e96}
            .kev{background:#000;color:#fff;padding:0 4px;border-radius:3px}
            .strip{display:flex;gap:4px}.stage{padding:2px 6px;border-radius:3px;background:#dee2e6;font-size:12px}
            .stage.scanned{background:#2b8a3e;color:#fff}.stage.seen{background:#e0a800}
            .gap{color:#c92a2a;font-weight:600}
            form.filters{display:flex;gap:8px;align-items:end;margin-bottom:12px;flex-wrap:wrap}
            section{margin-bottom:24px}
            .muted{color:#868e96}
            .alert{background:#fff5f5;border:1px solid #c92a2a;color:#c92a2a;padding:8px 12px;margin-bottom:12px;border-radius:4px}
            .triaged{display:inline-block;padding:0 4px;border-radius:3px;background:#2b8a3e;color:#fff;font-size:12px}
            nav{display:flex;gap:12px}nav a{font-weight:400}
            """;

    private Layout() {
    }

    static void send(Context ctx, int status, String title, Html body) {
        // Defence in depth behind the escaping: no script runs on these pages at all.
        ctx.header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; "
                + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.status(status).contentType("text/html; charset=utf-8").result(Html.document(page(title, body)));
    }

    private static Html page(String title, Html body) {
        return el("html", Attrs.of("lang", "en"),
                el("head",
                        empty("meta", Attrs.of("charset", "utf-8")),
                        empty("meta", Attrs.of("name", "viewport", "content", "width=device-width, initial-scale=1")),
                        el("title", text(title + " · drydock")),
                        el("style", text(CSS))),
                el("body",
                        el("header", el("a", Attrs.of("href", "/"), text("drydock")),
                                el("nav", el("a", Attrs.of("href", "/"), text("Images")), text(" "),
                                        el("a", Attrs.of("href", "/reconcile"), text("Reconcile")), text(" "),
                                        el("a", Attrs.of("href", "/triage"), text("Triage"))),
                                el("span", text(title))),
                        el("main", body)));
    }
}
