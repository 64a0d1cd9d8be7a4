package dev.drydock.server.rematch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drydock.server.jobs.JobHandler;
import dev.drydock.server.jobs.Log;
import dev.drydock.server.jobs.PermanentJobFailure;
import dev.drydock.server.jobs.VulnDbSource;
import dev.drydock.server.store.Store;
import dev.drydock.vulndb.DbMetadata;
import dev.drydock.vulndb.VulnDbException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The re-match job kinds. {@code rematch.fleet} lists every image with stored packages and queues
 * {@code rematch.image} jobs of {@link Rematcher#BATCH} digests, which any worker thread of any process
 * takes; then it records the database build it queued them for, so that {@link DbWatcher} does not queue
 * the same fleet re-match again.
 */
public final class RematchJobs {
    public static final String IMAGES = "rematch.image";
    public static final String FLEET = "rematch.fleet";
    /** At most one fleet re-match is queued or running at a time, however many processes or admins ask. */
    public static final String FLEET_KEY = "rematch.fleet";
    /** server_state: the vulnerability database build (ISO instant) the last fleet re-match was queued for. */
    public static final String STATE_DB_BUILT_AT = "rematch.fleet_db_built_at";
    /** Digests one rematch.image payload may carry (the store reads at most this many at once). */
    public static final int MAX_PAYLOAD_DIGESTS = 1_000;

    static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}|sha512:[0-9a-f]{128}");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PAGE = 1_000;

    private RematchJobs() {
    }

    /** The handlers by kind, for {@link dev.drydock.server.jobs.Worker}. */
    public static Map<String, JobHandler> handlers(Store store, VulnDbSource vulnDb, Rematcher rematcher, Log log) {
        return Map.of(IMAGES, job -> images(rematcher, job.payload()),
                FLEET, job -> fleet(store, vulnDb, log));
    }

    /** The payload of a rematch.image job. */
    public static String imagesPayload(List<String> digests) {
        ObjectNode o = JSON.createObjectNode();
        var list = o.putArray("digests");
        digests.forEach(list::add);
        return o.toString();
    }

    static String images(Rematcher rematcher, String payload) throws PermanentJobFailure {
        List<String> digests = digests(payload);
        Rematcher.BatchResult r = rematcher.rematch(digests);
        ObjectNode o = JSON.createObjectNode();
        o.put("dbBuiltAt", r.dbBuiltAt().toString());
        o.put("images", r.images());
        o.put("rematched", r.rematched());
        o.put("changed", r.changed());
        o.put("upToDate", r.upToDate());
        o.put("newerScan", r.newerScan());
        o.put("noPackages", r.noPackages());
        o.put("notMatched", r.notMatched());
        o.put("appeared", r.appeared());
        o.put("disappeared", r.disappeared());
        return o.toString();
    }

    /** A malformed payload cannot succeed on a retry: it fails the job at once. */
    static List<String> digests(String payload) throws PermanentJobFailure {
        JsonNode root;
        try {
            root = JSON.readTree(payload == null ? "" : payload);
        } catch (JsonProcessingException e) {
            throw new PermanentJobFailure("payload is not JSON");
        }
        JsonNode list = root == null ? null : root.get("digests");
        if (list == null || !list.isArray() || list.isEmpty()) throw new PermanentJobFailure("payload needs a non-empty digests array");
        if (list.size() > MAX_PAYLOAD_DIGESTS) throw new PermanentJobFailure("payload has more than " + MAX_PAYLOAD_DIGESTS + " digests");
        List<String> out = new ArrayList<>();
        for (JsonNode d : list) {
            if (!d.isTextual() || !DIGEST.matcher(d.textValue()).matches()) {
                throw new PermanentJobFailure("payload digests must be sha256:<64 hex> or sha512:<128 hex>");
            }
            out.add(d.textValue());
        }
        return out;
    }

    /**
     * Queues one rematch.image job per batch of images with packages, then records the database build.
     * Batches carry a dedupe key of the build and their first digest, so a retried fleet job does not
     * queue the batches it already queued while those are pending (and one that ran is a cheap no-op).
     */
    static String fleet(Store store, VulnDbSource vulnDb, Log log) throws PermanentJobFailure {
        DbMetadata meta;
        try {
            meta = vulnDb.metadata();
        } catch (VulnDbException e) {
            throw new PermanentJobFailure(e.getMessage());
        }
        Instant builtAt = meta.builtAt();
        // Every image's findings are about to be read and rewritten: with fresh statistics.
        store.refreshStatistics();
        int images = 0;
        int batches = 0;
        String after = null;
        List<String> batch = new ArrayList<>();
        while (true) {
            List<String> page = store.imagesWithPackages(after, PAGE);
            for (String d : page) {
                batch.add(d);
                if (batch.size() == Rematcher.BATCH) {
                    batches += queue(store, builtAt, batch);
                    images += batch.size();
                    batch.clear();
                }
            }
            if (page.size() < PAGE) break;
            after = page.get(page.size() - 1);
        }
        if (!batch.isEmpty()) {
            batches += queue(store, builtAt, batch);
            images += batch.size();
        }
        store.putServerState(STATE_DB_BUILT_AT, builtAt.toString());
        log.info("rematch.fleet_queued", "db_built_at", builtAt.toString(), "images", images, "batches", batches);
        ObjectNode o = JSON.createObjectNode();
        o.put("dbBuiltAt", builtAt.toString());
        o.put("images", images);
        o.put("batches", batches);
        return o.toString();
    }

    private static int queue(Store store, Instant builtAt, List<String> batch) {
        Optional<Long> id = store.enqueueUnique(IMAGES, imagesPayload(batch), "rematch.image:" + builtAt.toEpochMilli() + ":" + batch.get(0));
        return id.isPresent() ? 1 : 0;
    }

    /** The build the last fleet re-match was queued for, if any. */
    static Optional<Instant> lastFleetBuild(Store store) {
        return store.serverState(STATE_DB_BUILT_AT).flatMap(v -> {
            try {
                return Optional.of(Instant.parse(v));
            } catch (RuntimeException e) {
                return Optional.empty(); // unreadable: treated as never, so the next check queues a fleet re-match
            }
        });
    }
}
