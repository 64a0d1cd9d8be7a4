package dev.drydock.server.web;

import dev.drydock.server.store.CountPoint;
import dev.drydock.server.store.SeverityCounts;

import java.util.List;
import java.util.Locale;
import java.util.function.ToIntFunction;

import static dev.drydock.server.web.Html.Attrs;
import static dev.drydock.server.web.Html.el;
import static dev.drydock.server.web.Html.text;

/**
 * Finding counts over time as an inline SVG step chart, one line per severity. Inline so the page needs
 * nothing else (no script, no image request); points are placed by index, since scans are irregular.
 */
final class HistoryChart {
    private static final int W = 640;
    private static final int H = 160;
    private static final int PAD = 24;

    private HistoryChart() {
    }

    static Html render(List<CountPoint> points) {
        if (points.isEmpty()) return el("p", Attrs.of("class", "muted"), text("No history yet."));
        int max = Math.max(1, points.stream().mapToInt(p -> p.counts().total()).max().orElse(1));
        Html lines = Html.of(
                line(points, max, SeverityCounts::total, "#1d2330", "all"),
                line(points, max, SeverityCounts::critical, "#8b0000", "critical"),
                line(points, max, SeverityCounts::high, "#d9480f", "high"),
                line(points, max, SeverityCounts::medium, "#e0a800", "medium"),
                line(points, max, SeverityCounts::low, "#5c7cfa", "low"));
        return el("svg", Attrs.of("xmlns", "http://www.w3.org/2000/svg", "viewBox", "0 0 " + W + " " + H,
                        "width", Integer.toString(W), "height", Integer.toString(H), "role", "img",
                        "aria-label", "finding counts over time"),
                el("title", text("Active findings over time (max " + max + ")")),
                el("line", Attrs.of("x1", Integer.toString(PAD), "y1", Integer.toString(H - PAD), "x2",
                        Integer.toString(W - PAD), "y2", Integer.toString(H - PAD), "stroke", "#adb5bd")),
                el("text", Attrs.of("x", "2", "y", Integer.toString(PAD), "font-size", "10"), text(max)),
                el("text", Attrs.of("x", Integer.toString(PAD), "y", Integer.toString(H - 6), "font-size", "10"),
                        text(Format.instant(points.getFirst().at()))),
                el("text", Attrs.of("x", Integer.toString(W - PAD), "y", Integer.toString(H - 6), "font-size", "10",
                        "text-anchor", "end"), text(Format.instant(points.getLast().at()))),
                lines);
    }

    private static Html line(List<CountPoint> points, int max, ToIntFunction<SeverityCounts> value, String colour, String label) {
        StringBuilder d = new StringBuilder();
        int n = points.size();
        double step = n == 1 ? 0 : (double) (W - 2 * PAD) / (n - 1);
        for (int i = 0; i < n; i++) {
            double x = PAD + i * step;
            double y = (H - PAD) - (double) value.applyAsInt(points.get(i).counts()) / max * (H - 2 * PAD);
            if (i == 0) d.append(String.format(Locale.ROOT, "M%.1f %.1f", x, y));
            else d.append(String.format(Locale.ROOT, " H%.1f V%.1f", x, y)); // step: the count holds until the next change
        }
        if (n == 1) d.append(String.format(Locale.ROOT, " H%d", W - PAD));
        return el("path", Attrs.of("d", d.toString(), "fill", "none", "stroke", colour, "stroke-width", "2"),
                el("title", text(label)));
    }
}
