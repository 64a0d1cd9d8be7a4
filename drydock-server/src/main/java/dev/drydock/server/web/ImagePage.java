package dev.drydock.server.web;

import dev.drydock.server.store.CountPoint;
import dev.drydock.server.store.FindingRow;
import dev.drydock.server.store.ImageDetail;
import dev.drydock.server.store.LayerRow;
import dev.drydock.server.store.NameRecord;
import dev.drydock.server.store.PackageRow;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static dev.drydock.server.web.Html.Attrs;
import static dev.drydock.server.web.Html.el;
import static dev.drydock.server.web.Html.text;

/** GET /images/{digest}: one image — names, lifecycle, findings, history, layers, packages. */
final class ImagePage {
    private ImagePage() {
    }

    /** @param baseName the base image's name when it is in the inventory under one, else null */
    static Html render(ImageDetail d, String baseName, List<PackageRow> packages, List<FindingRow> findings,
                       List<CountPoint> history, Instant now) {
        Map<String, Boolean> origin = origin(d.layers(), packages);
        return Html.of(
                section("Image", overview(d, baseName)),
                section("Lifecycle", Lifecycle.render(d.stages(), now)),
                section("Findings (" + findings.size() + ")", Html.of(fromBase(findings, origin), findings(findings, origin))),
                section("Findings over time", HistoryChart.render(history)),
                section("Layers (" + d.layers().size() + ")", layers(d.layers())),
                section("Packages (" + packages.size() + ")", packages(packages)));
    }

    private static Html section(String title, Html body) {
        return el("section", el("h2", text(title)), body);
    }

    /**
     * Whether each package (by purl without qualifiers, as findings name them) came with the base image:
     * true or false when the layer that added it is known to be from the base or not, absent otherwise.
     */
    static Map<String, Boolean> origin(List<LayerRow> layers, List<PackageRow> packages) {
        Map<String, Boolean> byDiffId = new HashMap<>();
        for (LayerRow l : layers) if (l.diffId() != null && l.fromBase() != null) byDiffId.put(l.diffId(), l.fromBase());
        Map<String, Boolean> out = new HashMap<>();
        if (byDiffId.isEmpty()) return out;
        for (PackageRow p : packages) {
            Boolean fromBase = p.layerDiffId() == null ? null : byDiffId.get(p.layerDiffId());
            if (fromBase == null) continue;
            int q = p.purl().indexOf('?');
            // A package at two paths in different layers counts as the image's own if either copy is.
            out.merge(q < 0 ? p.purl() : p.purl().substring(0, q), fromBase, Boolean::logicalAnd);
        }
        return out;
    }

    private static Html fromBase(List<FindingRow> rows, Map<String, Boolean> origin) {
        if (origin.isEmpty() || rows.isEmpty()) return Html.NONE;
        long base = rows.stream().filter(f -> Boolean.TRUE.equals(origin.get(f.purl()))).count();
        return el("p", text(base + " of " + rows.size() + " findings come with the base image; "
                + (rows.size() - base) + " are in the layers added on top."));
    }

    private static Html overview(ImageDetail d, String baseName) {
        Html.Builder names = new Html.Builder();
        for (NameRecord n : d.names()) {
            names.add(el("li", el("code", text(n.name().toString())),
                    text(" seen " + Format.instant(n.firstSeen()) + " – " + Format.instant(n.lastSeen()))));
        }
        Html.Builder labels = new Html.Builder();
        for (Map.Entry<String, String> e : d.labels().entrySet()) {
            labels.add(el("li", el("code", text(e.getKey())), text(" = "), el("code", text(e.getValue()))));
        }
        return Html.of(
                el("table",
                        kv("Digest", el("code", text(d.digest()))),
                        kv("Platform", text(join(d.os(), d.arch(), d.variant()))),
                        kv("Distribution", text(d.distro())),
                        kv("Created", text(d.created())),
                        kv("Size", text(Format.bytes(d.size()))),
                        kv("Source", text(join(d.sourceRepo(), d.revision()))),
                        kv("Base image", d.baseDigest() == null ? text("unknown")
                                : Html.of(el("a", Attrs.of("href", Html.href("/images/" + d.baseDigest(), Map.of())),
                                text(baseName == null ? d.baseDigest() : baseName)),
                                baseName == null ? Html.NONE : Html.of(text(" "), el("code", Attrs.of("class", "muted"), text(d.baseDigest()))))),
                        kv("Findings", ImageListPage.counts(d.counts())),
                        kv("First / last seen", text(Format.instant(d.firstSeen()) + " / " + Format.instant(d.lastSeen()))),
                        kv("Re-matched", text(rematch(d)))),
                el("h3", text("Names and tags")), el("ul", names.build()),
                d.labels().isEmpty() ? Html.NONE : Html.of(el("h3", text("Labels")), el("ul", labels.build())));
    }

    /** When the server last matched the stored packages again, and with which database: findings are as of then. */
    static String rematch(ImageDetail d) {
        if (d.lastRematch() == null) return "never (findings are as the last scan reported them)";
        return Format.instant(d.lastRematch().at()) + " against the vulnerability database built "
                + Format.instant(d.lastRematch().dbBuiltAt());
    }

    private static Html findings(List<FindingRow> rows, Map<String, Boolean> origin) {
        if (rows.isEmpty()) return el("p", Attrs.of("class", "muted"), text("No active findings."));
        Html.Builder b = new Html.Builder();
        for (FindingRow f : rows) {
            String sev = f.severity().id();
            b.add(el("tr", Attrs.of("class", f.suppressed() || f.triaged() ? "muted" : null),
                    el("td", el("span", Attrs.of("class", "sev " + sev), text(sev))),
                    el("td", el("strong", text(f.vulnId())), f.title() == null ? Html.NONE : el("div", text(f.title())),
                            f.suppressed() ? el("div", text("suppressed")) : Html.NONE,
                            f.triage() == null ? Html.NONE : el("div", el("span", Attrs.of("class", f.triaged() ? "triaged" : "stage"),
                                    text((f.triaged() ? "triaged: " : "triage: ") + f.triage().id().replace('_', ' '))))),
                    el("td", text(f.packageName())),
                    el("td", el("code", text(f.installedVersion()))),
                    el("td", el("code", text(f.fixedVersion() == null ? "—" : f.fixedVersion()))),
                    el("td", text(f.epssScore() == null ? "—" : String.format(Locale.ROOT, "%.2f%%", f.epssScore() * 100))),
                    el("td", f.kev() ? el("span", Attrs.of("class", "kev"), text("KEV")) : Html.NONE),
                    el("td", text(originWord(origin.get(f.purl()))))));
        }
        return el("table", el("thead", el("tr", th("Severity"), th("Vulnerability"), th("Package"), th("Installed"),
                th("Fixed in"), th("EPSS"), th("KEV"), th("From"))), el("tbody", b.build()));
    }

    private static String originWord(Boolean fromBase) {
        return fromBase == null ? "—" : fromBase ? "base image" : "added";
    }

    private static Html layers(List<LayerRow> rows) {
        Html.Builder b = new Html.Builder();
        for (LayerRow l : rows) {
            String base = l.fromBase() == null ? "" : l.fromBase() ? "base image" : "added";
            b.add(el("tr", el("td", text(l.index())), el("td", el("code", text(l.diffId()))),
                    el("td", text(Format.bytes(l.size()))), el("td", text(base))));
        }
        return el("table", el("thead", el("tr", th("#"), th("Diff id"), th("Size"), th("From"))), el("tbody", b.build()));
    }

    private static Html packages(List<PackageRow> rows) {
        Html.Builder b = new Html.Builder();
        for (PackageRow p : rows) {
            b.add(el("tr", el("td", text(p.name())), el("td", el("code", text(p.version()))), el("td", text(p.type())),
                    el("td", el("code", text(p.purl()))), el("td", text(String.join(", ", p.licenses())))));
        }
        return el("table", el("thead", el("tr", th("Name"), th("Version"), th("Type"), th("purl"), th("Licenses"))),
                el("tbody", b.build()));
    }

    private static Html kv(String key, Html value) {
        return el("tr", el("th", text(key)), el("td", value));
    }

    private static Html th(String s) {
        return el("th", text(s));
    }

    private static String join(String... parts) {
        StringBuilder b = new StringBuilder();
        for (String p : parts) {
            if (p == null || p.isEmpty()) continue;
            if (!b.isEmpty()) b.append(' ');
            b.append(p);
        }
        return b.isEmpty() ? "—" : b.toString();
    }
}
