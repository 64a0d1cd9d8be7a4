package dev.drydock.server.web;

import dev.drydock.model.Severity;
import dev.drydock.server.store.Page;
import dev.drydock.server.store.TriageItem;
import dev.drydock.server.store.TriageQuery;
import dev.drydock.server.store.TriageSort;
import dev.drydock.server.store.TriageState;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import static dev.drydock.server.web.Html.Attrs;
import static dev.drydock.server.web.Html.el;
import static dev.drydock.server.web.Html.empty;
import static dev.drydock.server.web.Html.text;

/** GET /triage: the de-duplicated queue, filterable by state, repository, severity, KEV and assignee, sortable. */
final class TriagePage {
    private TriagePage() {
    }

    static Html render(Page<TriageItem> page, TriageQuery q) {
        Html.Builder rows = new Html.Builder();
        for (TriageItem i : page.items()) rows.add(row(i));
        Html table = page.items().isEmpty()
                ? el("p", Attrs.of("class", "muted"), text("Nothing in the queue matches."))
                : el("table",
                el("thead", el("tr", el("th", sortLink(q, TriageSort.PRIORITY, "Severity")), el("th", text("Vulnerability")),
                        el("th", text("Package")), el("th", text("Repository")), el("th", sortLink(q, TriageSort.IMAGES, "Images")),
                        el("th", sortLink(q, TriageSort.EPSS, "EPSS")), el("th", text("KEV")), el("th", text("Fixed in")),
                        el("th", text("State")), el("th", text("Assignee")))),
                el("tbody", rows.build()));
        return Html.of(filters(q), el("p", Attrs.of("class", "muted"),
                text(page.total() + " items, showing " + (page.total() == 0 ? 0 : page.offset() + 1) + "–"
                        + (page.offset() + page.items().size()))), table, pager(page, q));
    }

    private static Html row(TriageItem i) {
        String sev = i.severity().id();
        String state = i.state().id().replace('_', ' ') + (i.expired() ? " (expired)" : "");
        return el("tr", Attrs.of("class", i.triaged() ? "muted" : null),
                el("td", el("span", Attrs.of("class", "sev " + sev), text(sev))),
                el("td", el("strong", text(i.vulnId())), i.title() == null ? Html.NONE : el("div", text(i.title()))),
                el("td", text(i.packageName()), i.purl() == null ? Html.NONE : el("div", el("code", Attrs.of("class", "muted"), text(i.purl())))),
                el("td", text(i.repository())),
                el("td", text(i.images()), i.scanners().isEmpty() ? Html.NONE
                        : el("div", Attrs.of("class", "muted"), text(String.join(", ", i.scanners())))),
                el("td", text(i.epss() == null ? "—" : String.format(Locale.ROOT, "%.2f%%", i.epss() * 100))),
                el("td", i.kev() ? el("span", Attrs.of("class", "kev"), text("KEV")) : Html.NONE),
                el("td", el("code", text(i.fixedVersion() == null ? "—" : i.fixedVersion()))),
                el("td", text(state), i.justification() == null ? Html.NONE : el("div", Attrs.of("class", "muted"), text(i.justification()))),
                el("td", text(i.assignee() == null ? "" : i.assignee())));
    }

    private static Html filters(TriageQuery q) {
        Html.Builder states = new Html.Builder();
        for (String s : new String[]{TriageQuery.OPEN, TriageQuery.ALL}) {
            states.add(el("option", Attrs.of("value", s, "selected", s.equals(q.state()) ? "selected" : null), text(s)));
        }
        for (TriageState s : TriageState.values()) {
            states.add(el("option", Attrs.of("value", s.id(), "selected", s.id().equals(q.state()) ? "selected" : null),
                    text(s.id().replace('_', ' '))));
        }
        Html.Builder sev = new Html.Builder().add(el("option", Attrs.of("value", ""), text("any")));
        for (Severity s : new Severity[]{Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW}) {
            sev.add(el("option", Attrs.of("value", s.id(), "selected", s == q.minSeverity() ? "selected" : null), text(s.id() + " or worse")));
        }
        return el("form", Attrs.of("class", "filters", "method", "get", "action", "/triage"),
                el("label", text("State "), el("select", Attrs.of("name", "state"), states.build())),
                el("label", text("Repository "), empty("input", Attrs.of("name", "repository", "value",
                        q.repository() == null ? "" : q.repository(), "maxlength", "1024"))),
                el("label", text("Severity "), el("select", Attrs.of("name", "severity"), sev.build())),
                el("label", text("Assignee "), empty("input", Attrs.of("name", "assignee", "value",
                        q.assignee() == null ? "" : q.assignee(), "maxlength", "256"))),
                el("label", empty("input", Attrs.of("type", "checkbox", "name", "kev", "value", "true",
                        "checked", q.kevOnly() ? "checked" : null)), text(" KEV only")),
                empty("input", Attrs.of("type", "hidden", "name", "sort", "value", q.sort().id())),
                el("button", Attrs.of("type", "submit"), text("Filter")));
    }

    private static Html sortLink(TriageQuery q, TriageSort sort, String label) {
        Map<String, String> params = params(q);
        params.put("sort", sort.id());
        return el("a", Attrs.of("href", Html.href("/triage", params)), text(label + (q.sort() == sort ? " ▾" : "")));
    }

    private static Html pager(Page<TriageItem> page, TriageQuery q) {
        Html.Builder b = new Html.Builder();
        if (page.offset() > 0) {
            Map<String, String> p = params(q);
            p.put("offset", Integer.toString(Math.max(0, page.offset() - page.limit())));
            b.add(el("a", Attrs.of("href", Html.href("/triage", p)), text("← previous"))).add(text(" "));
        }
        if (page.offset() + page.items().size() < page.total()) {
            Map<String, String> p = params(q);
            p.put("offset", Integer.toString(page.offset() + page.limit()));
            b.add(el("a", Attrs.of("href", Html.href("/triage", p)), text("next →")));
        }
        return el("p", b.build());
    }

    private static Map<String, String> params(TriageQuery q) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("state", q.state());
        p.put("repository", q.repository());
        p.put("severity", q.minSeverity() == null ? null : q.minSeverity().id());
        p.put("kev", q.kevOnly() ? "true" : null);
        p.put("assignee", q.assignee());
        p.put("sort", q.sort().id());
        return p;
    }
}
