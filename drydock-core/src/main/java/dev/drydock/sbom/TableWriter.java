package dev.drydock.sbom;

import dev.drydock.catalog.Catalog;
import dev.drydock.model.Digest;
import dev.drydock.model.Layer;
import dev.drydock.model.Package;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A human-readable list: one package per line with its type and the layer it came from. */
public final class TableWriter implements SbomWriter {
    private static final int MAX_CELL = 60;

    @Override
    public void write(Catalog c, OutputStream out) throws IOException {
        PrintStream p = new PrintStream(out, false, StandardCharsets.UTF_8);
        var m = c.image();
        p.println("Image:    " + clean(m.reference()));
        if (m.manifestDigest() != null) p.println("Digest:   " + m.manifestDigest());
        if (m.configDigest() != null) p.println("Config:   " + m.configDigest());
        if (m.platform() != null) p.println("Platform: " + m.platform());
        p.println("OS:       " + (c.os() == null ? "unknown" : clean(c.os().toString())));
        p.println("Layers:   " + m.layers().size() + "    Packages: " + c.packages().size());
        p.println();
        Map<Digest, Integer> layerIndex = new HashMap<>();
        for (Layer l : m.layers()) layerIndex.putIfAbsent(l.diffId(), l.index());
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"NAME", "VERSION", "TYPE", "SOURCE", "LAYER"});
        for (Package pkg : c.packages()) {
            Integer idx = pkg.layerDiffId() == null ? null : layerIndex.get(pkg.layerDiffId());
            String source = pkg.sourceName() == null || pkg.sourceName().equals(pkg.name()) ? "" : pkg.sourceName();
            rows.add(new String[]{clean(pkg.name()), clean(pkg.version()), pkg.type().purlType(), clean(source),
                    idx == null ? "" : (idx + 1) + " " + pkg.layerDiffId().shortHex()});
        }
        int[] width = new int[5];
        for (String[] r : rows) for (int i = 0; i < r.length; i++) width[i] = Math.max(width[i], r[i].length());
        for (String[] r : rows) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                sb.append(r[i]);
                if (i < r.length - 1) sb.append(" ".repeat(width[i] - r[i].length() + 2));
            }
            p.println(sb.toString().stripTrailing());
        }
        if (!c.warnings().isEmpty()) {
            p.println();
            p.println(c.warnings().size() + " warning(s); see stderr or --format json");
        }
        p.flush();
    }

    /** Image-controlled text must not move the cursor or recolour the user's terminal. */
    private static String clean(String s) {
        if (s == null) return "";
        String t = s.replaceAll("\\p{Cntrl}", "?");
        return t.length() > MAX_CELL ? t.substring(0, MAX_CELL - 1) + "…" : t;
    }
}
