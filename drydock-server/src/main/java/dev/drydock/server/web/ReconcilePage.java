package dev.drydock.server.web;

import dev.drydock.server.store.DriftQuery;
import dev.drydock.server.store.DriftRow;
import dev.drydock.server.store.Page;
import dev.drydock.server.store.Parity;
import dev.drydock.server.store.ParityPoint;
import dev.drydock.server.store.Presence;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.drydock.server.web.Html.Attrs;
import static dev.drydock.server.web.Html.el;
import static dev.drydock.server.web.Html.empty;
import static dev.drydock.server.web.Html.text;

/** GET /reconcile: parity figures of two scanners and the drift table, for the fleet, a repository or an image. */
final class ReconcilePage {
    static final String DEFAULT_A = "drydock";
    static final String DEFAULT_B = "trivy";

    private ReconcilePage() {
    }

    static Html render(DriftQuery q, Parity parity, List<Parity> repositories, List<ParityPoint> history, Page<DriftRow> drift) {
        return Html.of(filters(q), figures(q, parity, repositories, history), driftTable(q, drift));
    }

    private static Html filters(DriftQuery q) {
        Html.Builder presence = new Html.Builder().add(el("option", Attrs.of("value", ""), text("any")));
        for (Presence p : Presence.values()) {
            presence.add(el("option", Attrs.of("value", p.id(), "selected", p == q.presence() ? "selected" : null), text(p.id().replace('_', ' '))));
        }
        return el("form", Attrs.of("class", "filters", "method", "get", "action", "/reconcile"),
                input("Scanner A ", "scanner_a", q.scannerA(), "64"),
                input("Scanner B ", "scanner_b", q.scannerB(), "64"),
                input("Repository ", "repository", q.repository(), "1024"),
                input("Image ", "image", q.image(), "1024"),
                el("label", text("Presence "), el("select", Attrs.of("name", "presence"), presence.build())),
                el("button", Attrs.of("type", "submit"), text("Compare")));
    }

    private static Html input(String label, String name, String value, String max) {
        return el("label", text(label), empty("input", Attrs.of("name", name, "value", value == null ? "" : value, "maxlength", max)));
    }

    private static Html figures(DriftQuery q, Parity p, List<Parity> repositories, List<ParityPoint> history) {
        String scope = q.image() != null ? "image " + ImageListPage.shortDigest(q.image())
                : q.repository() != null ? "repository " + q.repository() : "fleet";
        Html.Builder repoRows = new Html.Builder();
        for (Parity r : repositories) {
            Map<String, String> params = params(q);
            params.put("repository", r.scope());
            repoRows.add(el("tr", el("td", el("a", Attrs.of("href", Html.href("/reconcile", params)), text(r.scope()))),
                    cells(r)));
        }
        Html.Builder historyRows = new Html.Builder();
        for (ParityPoint pt : history) historyRows.add(el("tr", el("td", text(pt.day())), cells(pt.parity())));
        Html head = el("thead", el("tr", el("th", text("Scope")), el("th", text("Images")), el("th", text("Severity agreement")),
                el("th", text("Presence agreement")), el("th", text("Both")), el("th", text("Only " + q.scannerA())),
                el("th", text("Only " + q.scannerB()))));
        return el("section",
                el("h2", text("Parity of " + q.scannerA() + " and " + q.scannerB() + " (" + scope + ")")),
                el("table", Attrs.of("class", "parity"), head, el("tbody", el("tr", el("td", text(scope)), cells(p)))),
                el("p", Attrs.of("class", "muted"), text("Severity agreement: findings both report with the same severity, of those both"
                        + " report. Presence agreement: findings both report, of those either reports (Jaccard). Only images both"
                        + " scanners scanned are compared.")),
                repositories.isEmpty() ? Html.NONE : Html.of(el("h3", text("By repository")), el("table", head, el("tbody", repoRows.build()))),
                history.isEmpty() ? Html.NONE : Html.of(el("h3", text("Daily")), el("table", head, el("tbody", historyRows.build()))));
    }

    private static Html cells(Parity p) {
        return Html.of(el("td", text(p.images())), el("td", text(percent(p.severityAgreement()))),
                el("td", text(percent(p.presenceAgreement()))), el("td", text(p.both())), el("td", text(p.onlyA())), el("td", text(p.onlyB())));
    }

    private static String percent(Double d) {
        return d == null ? "–" : String.format(java.util.Locale.ROOT, "%.2f %%", d);
    }

    private static Html driftTable(DriftQuery q, Page<DriftRow> page) {
        Html.Builder rows = new Html.Builder();
        for (DriftRow r : page.items()) {
            rows.add(el("tr",
                    el("td", el("a", Attrs.of("href", Html.href("/images/" + r.digest(), Map.of())),
                            el("code", Attrs.of("title", r.digest()), text(ImageListPage.shortDigest(r.digest()))))),
                    el("td", text(r.vulnId())),
                    el("td", text(r.packageName()), el("div", Attrs.of("class", "muted mono"), text(r.purl()))),
                    el("td", text(r.installedVersion())),
                    el("td", text(r.fixedVersion())),
                    el("td", text(r.presence().replace('_', ' '))),
                    side(r.severityA(), r.severitySourceA(), r.suppressionA()),
                    side(r.severityB(), r.severitySourceB(), r.suppressionB()),
                    el("td", text(r.reasonText()))));
        }
        Map<String, String> csv = params(q);
        Html table = page.items().isEmpty() ? el("p", Attrs.of("class", "muted"), text("No findings to compare."))
                : el("table", el("thead", el("tr", el("th", text("Image")), el("th", text("Vulnerability")), el("th", text("Package")),
                        el("th", text("Installed")), el("th", text("Fixed")), el("th", text("Presence")),
                        el("th", text(q.scannerA())), el("th", text(q.scannerB())), el("th", text("Likely reason")))),
                el("tbody", rows.build()));
        return el("section", el("h2", text("Drift")),
                el("p", Attrs.of("class", "muted"), text(page.total() + " findings, showing " + (page.total() == 0 ? 0 : page.offset() + 1)
                        + "–" + (page.offset() + page.items().size()) + " · "),
                        el("a", Attrs.of("href", Html.href("/reconcile/drift.csv", csv)), text("CSV"))),
                table, pager(page, q));
    }

    private static Html side(String severity, String source, String suppression) {
        if (severity == null) return el("td", Attrs.of("class", "muted"), text(suppression == null ? "—" : "(" + suppression + ")"));
        return el("td", el("span", Attrs.of("class", "sev " + cssSeverity(severity)), text(severity)),
                source == null ? Html.NONE : el("div", Attrs.of("class", "muted"), text(source)));
    }

    private static String cssSeverity(String s) {
        return switch (s) {
            case "critical", "high", "medium", "low", "negligible" -> s;
            default -> "unknown";
        };
    }

    private static Html pager(Page<DriftRow> page, DriftQuery q) {
        Html.Builder b = new Html.Builder();
        if (page.offset() > 0) {
            Map<String, String> p = params(q);
            p.put("offset", Integer.toString(Math.max(0, page.offset() - page.limit())));
            b.add(el("a", Attrs.of("href", Html.href("/reconcile", p)), text("← previous"))).add(text(" "));
        }
        if (page.offset() + page.items().size() < page.total()) {
            Map<String, String> p = params(q);
            p.put("offset", Integer.toString(page.offset() + page.limit()));
            b.add(el("a", Attrs.of("href", Html.href("/reconcile", p)), text("next →")));
        }
        return el("p", b.build());
    }

    private static Map<String, String> params(DriftQuery q) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("scanner_a", q.scannerA());
        p.put("scanner_b", q.scannerB());
        p.put("image", q.image());
        p.put("repository", q.repository());
        p.put("presence", q.presence() == null ? null : q.presence().id());
        return p;
    }
}
