package dev.drydock.server.web;

import dev.drydock.server.store.Stage;
import dev.drydock.server.store.StageRecord;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static dev.drydock.server.web.Html.Attrs;
import static dev.drydock.server.web.Html.el;
import static dev.drydock.server.web.Html.text;

/**
 * The lifecycle strip CI → registry → runtime of one image, and the gaps in words: where the image was
 * seen without being scanned, and where it was never met. Built from the stage records alone.
 */
final class Lifecycle {
    private static final List<Stage> STRIP = List.of(Stage.CI, Stage.REGISTRY, Stage.RUNTIME);

    private Lifecycle() {
    }

    static Html render(List<StageRecord> records, Instant now) {
        Map<Stage, StageRecord> by = new EnumMap<>(Stage.class);
        for (StageRecord r : records) by.put(r.stage(), r);
        Html.Builder strip = new Html.Builder();
        for (int i = 0; i < STRIP.size(); i++) {
            Stage s = STRIP.get(i);
            StageRecord r = by.get(s);
            String cls = r == null ? "stage" : r.lastScanned() == null ? "stage seen" : "stage scanned";
            String detail = r == null ? "never seen"
                    : "seen " + Format.instant(r.firstSeen()) + " – " + Format.instant(r.lastSeen())
                    + (r.lastScanned() == null ? ", never scanned" : ", scanned " + Format.instant(r.lastScanned()));
            if (i > 0) strip.add(text(" → "));
            strip.add(el("span", Attrs.of("class", cls, "title", detail), el("strong", text(s.id())), text(" " + detail)));
        }
        Html.Builder gaps = new Html.Builder();
        for (String g : gaps(by, now)) gaps.add(el("li", Attrs.of("class", "gap"), text(g)));
        return Html.of(el("div", Attrs.of("class", "strip"), strip.build()), el("ul", gaps.build()));
    }

    /** Sentences such as "in the registry for 12 days, never scanned in CI". */
    static List<String> gaps(Map<Stage, StageRecord> by, Instant now) {
        List<String> out = new ArrayList<>();
        StageRecord ci = by.get(Stage.CI);
        StageRecord registry = by.get(Stage.REGISTRY);
        StageRecord runtime = by.get(Stage.RUNTIME);
        if (registry != null && (ci == null || ci.lastScanned() == null)) {
            out.add("in the registry for " + Format.days(Duration.between(registry.firstSeen(), now)) + ", never scanned in CI");
        }
        if (runtime != null && (ci == null || ci.lastScanned() == null)) {
            out.add("running for " + Format.days(Duration.between(runtime.firstSeen(), now)) + ", never scanned in CI");
        }
        for (StageRecord r : by.values()) {
            if (r.lastScanned() == null && STRIP.contains(r.stage())) {
                out.add("seen at " + r.stage().id() + " since " + Format.instant(r.firstSeen()) + ", never scanned there");
            } else if (r.lastScanned() != null && r.lastSeen() != null && r.lastSeen().isAfter(r.lastScanned())
                    && Duration.between(r.lastScanned(), r.lastSeen()).toDays() >= 7) {
                out.add("at " + r.stage().id() + ": last scanned " + Format.days(Duration.between(r.lastScanned(), now)) + " ago");
            }
        }
        return out;
    }
}
