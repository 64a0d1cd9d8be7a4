package dev.drydock.server.web;

import dev.drydock.model.Severity;
import dev.drydock.server.store.ImageQuery;
import dev.drydock.server.store.ImageSort;
import dev.drydock.server.store.ImageSummary;
import dev.drydock.server.store.Page;
import dev.drydock.server.store.SeverityCounts;
import dev.drydock.server.store.StageGap;

import dev.drydock.server.monitor.Monitor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static dev.drydock.server.web.Html.Attrs;
import static dev.drydock.server.web.Html.el;
import static dev.drydock.server.web.Html.empty;
import static dev.drydock.server.web.Html.text;

/** GET /: every image, filterable by repository, severity, KEV and stage gap, sortable. */
final class ImageListPage {
    private ImageListPage() {
    }

    static Html render(Page<ImageSummary> page, ImageQuery q) {
        Html.Builder rows = new Html.Builder();
        for (ImageSummary s : page.items()) rows.add(row(s));
        Html table = page.items().isEmpty()
                ? el("p", Attrs.of("class", "muted"), text("No images match."))
                : el("table",
                el("thead", el("tr", el("th", sortLink(q, ImageSort.NAME, "Image")), el("th", text("Digest")),
                        el("th", sortLink(q, ImageSort.RISK, "Findings")), el("th", text("KEV")),
                        el("th", sortLink(q, ImageSort.LAST_SEEN, "Last seen")))),
                el("tbody", rows.build()));
        return Html.of(filters(q), el("p", Attrs.of("class", "muted"),
                text(page.total() + " images, showing " + (page.total() == 0 ? 0 : page.offset() + 1) + "–"
                        + (page.offset() + page.items().size()))), table, pager(page, q));
    }

    /** The ingestion monitors whose alert is open: a banner above the list until the drift is back in range. */
    static Html monitorAlerts(List<Monitor> open) {
        if (open.isEmpty()) return Html.NONE;
        Html.Builder items = new Html.Builder();
        for (Monitor m : open) {
            items.add(el("li", text(m.name() + " (" + m.scanner() + (m.repository() == null ? "" : ", " + m.repository())
                    + "): expected " + m.lastExpected() + " findings, downstream reports " + m.lastReported()
                    + (m.lastDriftPct() == null ? "" : String.format(Locale.ROOT, " (%.1f %% drift)", m.lastDriftPct()))
                    + ", since " + Format.instant(m.alertOpenSince()))));
        }
        return el("div", Attrs.of("class", "alert", "role", "alert", "id", "ingestion-alerts"),
                el("strong", text("Ingestion drift")), el("ul", items.build()));
    }

    private static Html row(ImageSummary s) {
        String link = Html.href("/images/" + s.digest(), Map.of());
        return el("tr",
                el("td", el("a", Attrs.of("href", link), text(s.name() == null ? "(no name)" : s.name())),
                        s.distro() == null ? Html.NONE : el("div", Attrs.of("class", "muted"), text(s.distro()))),
                el("td", el("code", Attrs.of("title", s.digest()), text(shortDigest(s.digest())))),
                el("td", counts(s.counts())),
                el("td", s.kevCount() > 0 ? el("span", Attrs.of("class", "kev"), text(s.kevCount())) : Html.NONE),
                el("td", text(Format.instant(s.lastSeen()))));
    }

    static Html counts(SeverityCounts c) {
        return Html.of(badge("critical", c.critical()), badge("high", c.high()), badge("medium", c.medium()),
                badge("low", c.low()), badge("unknown", c.other()));
    }

    private static Html badge(String sev, int n) {
        if (n == 0) return Html.NONE;
        return Html.of(el("span", Attrs.of("class", "sev " + sev, "title", sev), text(n)), text(" "));
    }

    private static Html filters(ImageQuery q) {
        Html.Builder sev = new Html.Builder().add(el("option", Attrs.of("value", ""), text("any")));
        for (Severity s : new Severity[]{Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW}) {
            sev.add(el("option", Attrs.of("value", s.id(), "selected", s == q.minSeverity() ? "selected" : null),
                    text(s.id() + " or worse")));
        }
        return el("form", Attrs.of("class", "filters", "method", "get", "action", "/"),
                el("label", text("Repository "), empty("input", Attrs.of("name", "repository", "value",
                        q.repository() == null ? "" : q.repository(), "maxlength", "1024"))),
                el("label", text("Severity "), el("select", Attrs.of("name", "severity"), sev.build())),
                el("label", text("Stage gap "), el("select", Attrs.of("name", "gap"), gaps(q))),
                el("label", empty("input", Attrs.of("type", "checkbox", "name", "kev", "value", "true",
                        "checked", q.kevOnly() ? "checked" : null)), text(" KEV only")),
                empty("input", Attrs.of("type", "hidden", "name", "sort", "value", q.sort().name().toLowerCase(Locale.ROOT))),
                el("button", Attrs.of("type", "submit"), text("Filter")));
    }

    private static Html gaps(ImageQuery q) {
        Html.Builder b = new Html.Builder().add(el("option", Attrs.of("value", ""), text("any")));
        for (StageGap g : StageGap.values()) {
            String id = g.name().toLowerCase(Locale.ROOT).replace('_', '-');
            b.add(el("option", Attrs.of("value", id, "selected", g == q.stageGap() ? "selected" : null), text(id.replace('-', ' '))));
        }
        return b.build();
    }

    private static Html sortLink(ImageQuery q, ImageSort sort, String label) {
        Map<String, String> params = params(q);
        params.put("sort", sort.name().toLowerCase(Locale.ROOT));
        return el("a", Attrs.of("href", Html.href("/", params)), text(label + (q.sort() == sort ? " ▾" : "")));
    }

    private static Html pager(Page<ImageSummary> page, ImageQuery q) {
        Html.Builder b = new Html.Builder();
        if (page.offset() > 0) {
            Map<String, String> p = params(q);
            p.put("offset", Integer.toString(Math.max(0, page.offset() - page.limit())));
            b.add(el("a", Attrs.of("href", Html.href("/", p)), text("← previous"))).add(text(" "));
        }
        if (page.offset() + page.items().size() < page.total()) {
            Map<String, String> p = params(q);
            p.put("offset", Integer.toString(page.offset() + page.limit()));
            b.add(el("a", Attrs.of("href", Html.href("/", p)), text("next →")));
        }
        return el("p", b.build());
    }

    private static Map<String, String> params(ImageQuery q) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("repository", q.repository());
        p.put("severity", q.minSeverity() == null ? null : q.minSeverity().id());
        p.put("kev", q.kevOnly() ? "true" : null);
        p.put("gap", q.stageGap() == null ? null : q.stageGap().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        p.put("sort", q.sort().name().toLowerCase(Locale.ROOT));
        return p;
    }

    static String shortDigest(String digest) {
        int colon = digest.indexOf(':');
        String hex = digest.substring(colon + 1);
        return digest.substring(0, colon + 1) + hex.substring(0, Math.min(12, hex.length()));
    }
}
