package dev.drydock.catalog;

import dev.drydock.model.Digest;
import dev.drydock.model.Package;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Applies layers in order, honouring whiteouts and opaque directories, so that what remains is the
 * analysis of the squashed filesystem. Each package keeps the diffID of the layer where it appeared:
 * the earliest layer from which every later version of its file still lists it.
 */
final class LayerSquasher {

    /** One version of a file's results, from one layer. */
    private record Version(int layer, Digest diffId, List<FileResult> results, Set<String> packageKeys) {
    }

    // path → versions since the path was last deleted, oldest first
    private final TreeMap<String, List<Version>> files = new TreeMap<>();

    void apply(int layerIndex, LayerAnalysis layer) {
        for (String dir : layer.opaqueDirs()) removeBelow(dir, false);
        for (String path : layer.whiteouts()) removeBelow(path, true);
        for (Map.Entry<String, List<FileResult>> e : layer.results().entrySet()) {
            Set<String> keys = new HashSet<>();
            for (FileResult r : e.getValue()) {
                if (r instanceof FileResult.Packages p) p.packages().forEach(pkg -> keys.add(pkg.key()));
            }
            files.computeIfAbsent(e.getKey(), k -> new ArrayList<>())
                    .add(new Version(layerIndex, layer.diffId(), e.getValue(), keys));
        }
    }

    /** Deletes {@code dir}'s contents (and {@code dir} itself when {@code inclusive}). */
    private void removeBelow(String dir, boolean inclusive) {
        if (dir.isEmpty()) {
            files.clear();
            return;
        }
        if (inclusive) files.remove(dir);
        // '0' follows '/' in code-point order: this range is exactly the paths below dir.
        files.subMap(dir + "/", dir + "0").clear();
    }

    /** The surviving results, in path order, packages stamped with their layer. */
    Map<String, List<FileResult>> result() {
        Map<String, List<FileResult>> out = new TreeMap<>();
        for (Map.Entry<String, List<Version>> e : files.entrySet()) {
            List<Version> history = e.getValue();
            Version latest = history.get(history.size() - 1);
            List<FileResult> stamped = new ArrayList<>();
            for (FileResult r : latest.results()) {
                if (r instanceof FileResult.Packages p) {
                    List<Package> pkgs = new ArrayList<>();
                    for (Package pkg : p.packages()) pkgs.add(pkg.withLayer(introducedIn(history, pkg.key())));
                    stamped.add(new FileResult.Packages(pkgs));
                } else {
                    stamped.add(r);
                }
            }
            out.put(e.getKey(), stamped);
        }
        return out;
    }

    private static Digest introducedIn(List<Version> history, String key) {
        Digest d = history.get(history.size() - 1).diffId();
        for (int i = history.size() - 1; i >= 0 && history.get(i).packageKeys().contains(key); i--) {
            d = history.get(i).diffId();
        }
        return d;
    }
}
