package dev.drydock.catalog;

import dev.drydock.model.Digest;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the analyzers found in one layer, before squashing: results per file path, and the deletions
 * this layer makes to the layers below it. This is what the layer cache stores.
 *
 * @param results    root-relative path → results; an empty list means the path was replaced by something unreadable
 * @param whiteouts  paths deleted (with everything below them)
 * @param opaqueDirs directories whose lower-layer contents are hidden
 */
public record LayerAnalysis(Digest diffId, Map<String, List<FileResult>> results, Set<String> whiteouts,
                            Set<String> opaqueDirs, List<String> warnings) {
}
