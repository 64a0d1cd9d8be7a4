package dev.drydock.server.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything the image page shows above its package and finding tables.
 *
 * @param stages      one record per stage the image was met at; a stage missing here was never reached
 * @param lastRematch the server's latest re-match of the image; null when never re-matched
 */
public record ImageDetail(String digest, String mediaType, String os, String arch, String variant, String created,
                          long size, String configDigest, String baseDigest, String sourceRepo, String revision,
                          Map<String, String> labels, String distro, Instant firstSeen, Instant lastSeen,
                          List<NameRecord> names, List<LayerRow> layers, List<StageRecord> stages,
                          SeverityCounts counts, int kevCount, LastRematch lastRematch) {
    public ImageDetail {
        labels = Map.copyOf(labels);
        names = List.copyOf(names);
        layers = List.copyOf(layers);
        stages = List.copyOf(stages);
    }
}
