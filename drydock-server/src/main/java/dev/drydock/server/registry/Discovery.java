package dev.drydock.server.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drydock.image.BadInputException;
import dev.drydock.image.RegistryClient;
import dev.drydock.image.RegistryOptions;
import dev.drydock.server.store.ImageName;
import dev.drydock.server.store.RegistryRow;
import dev.drydock.server.store.Sighting;
import dev.drydock.server.store.Stage;
import dev.drydock.server.store.Store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One discovery of one registry: its repositories, their tags, the manifest digest behind each tag; every
 * digest recorded as seen in the registry under its names, and a {@code registry.scan} job queued for each
 * digest never scanned at the registry stage. Idempotent: a second run records the same sightings (with
 * later times) and queues nothing for digests scanned or pending.
 */
final class Discovery {
    /** Bounds on one discovery, so that a huge (or hostile) registry costs bounded time and memory. */
    record Caps(int repositories, int tagsPerRepository, int tags) {
        static final Caps DEFAULT = new Caps(10_000, 1_000, 50_000);
    }

    /** cosign's signature, attestation and SBOM tags ({@code sha256-<hex>.sig}) point to artifacts, not images. */
    private static final Pattern ARTIFACT_TAG = Pattern.compile("sha(256|512)-[0-9a-f]{64,128}(\\.[a-z]+)?");
    /** Sightings written per transaction (the store takes at most 1,000 at once). */
    private static final int SIGHTING_BATCH = 500;
    /** Names kept per digest (the store takes at most 1,000 per sighting). */
    private static final int MAX_NAMES_PER_DIGEST = 1_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Store store;
    private final Caps caps;

    Discovery(Store store, Caps caps) {
        this.store = store;
        this.caps = caps;
    }

    /**
     * @return the counts as JSON (kept on the job and the registry)
     * @throws BadInputException when the registry cannot be listed, or every tag failed to resolve: the job
     *                           is retried
     */
    String run(RegistryRow registry, RegistryOptions options) {
        RegistryUrl url = RegistryUrl.parse(registry.url());
        Map<String, List<ImageName>> names = new LinkedHashMap<>();
        int tags = 0;
        int skipped = 0;
        int failed = 0;
        String firstFailure = null;
        boolean truncated;
        RegistryClient.Listing repos;
        try (RegistryClient client = new RegistryClient(url.registry(), options)) {
            repos = client.repositories(caps.repositories());
            truncated = repos.truncated();
            for (String repo : repos.names()) {
                if (tags == caps.tags()) {
                    truncated = true;
                    break;
                }
                RegistryClient.Listing listed = client.tags(repo, caps.tagsPerRepository());
                truncated |= listed.truncated();
                for (String tag : listed.names()) {
                    if (ARTIFACT_TAG.matcher(tag).matches()) {
                        skipped++;
                        continue;
                    }
                    if (tags == caps.tags()) {
                        truncated = true;
                        break;
                    }
                    tags++;
                    try {
                        String digest = client.resolve(repo, tag).digest().toString();
                        List<ImageName> n = names.computeIfAbsent(digest, d -> new ArrayList<>());
                        if (n.size() < MAX_NAMES_PER_DIGEST) n.add(new ImageName(url.registry(), repo, tag));
                    } catch (BadInputException e) {
                        // one odd tag (an artifact, a platform we do not scan) must not stop the rest
                        failed++;
                        if (firstFailure == null) firstFailure = e.getMessage();
                    }
                }
            }
        }
        if (failed > 0 && names.isEmpty()) {
            // nothing resolved at all: the registry is unwell rather than one tag odd
            throw new BadInputException("no tag of " + url.registry() + " could be resolved (" + failed + " tried); the first: " + firstFailure);
        }
        List<Sighting> seen = new ArrayList<>();
        names.forEach((digest, n) -> seen.add(new Sighting(digest, Stage.REGISTRY, n, null)));
        for (int i = 0; i < seen.size(); i += SIGHTING_BATCH) {
            store.recordSightings(seen.subList(i, Math.min(seen.size(), i + SIGHTING_BATCH)));
        }
        Set<String> scanned = store.scannedAt(Stage.REGISTRY, names.keySet());
        int queued = 0;
        for (Map.Entry<String, List<ImageName>> e : names.entrySet()) {
            if (scanned.contains(e.getKey())) continue;
            // the dedupe key keeps one pending scan per digest, whichever registry or discovery found it
            if (store.enqueueUnique(RegistryJobs.SCAN, RegistryJobs.scanPayload(registry.id(), e.getKey(), e.getValue()),
                    RegistryJobs.SCAN + ":" + e.getKey()).isPresent()) {
                queued++;
            }
        }
        ObjectNode o = JSON.createObjectNode();
        o.put("registry", registry.id());
        o.put("repositories", repos.names().size());
        o.put("tags", tags);
        o.put("digests", names.size());
        o.put("alreadyScanned", scanned.size());
        o.put("scansQueued", queued);
        o.put("artifactTagsSkipped", skipped);
        o.put("tagsFailed", failed);
        if (firstFailure != null) o.put("firstFailure", firstFailure);
        o.put("truncated", truncated);
        return o.toString();
    }
}
