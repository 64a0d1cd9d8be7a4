package dev.drydock.server.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drydock.catalog.Catalog;
import dev.drydock.catalog.Cataloger;
import dev.drydock.catalog.Warnings;
import dev.drydock.image.RegistryAccessDenied;
import dev.drydock.image.RegistryOptions;
import dev.drydock.image.RegistrySource;
import dev.drydock.model.ImageRef;
import dev.drydock.image.Limits;
import dev.drydock.policy.Policy;
import dev.drydock.report.ScanReport;
import dev.drydock.scan.Scanner;
import dev.drydock.scan.SeveritySelector;
import dev.drydock.server.jobs.JobHandler;
import dev.drydock.server.jobs.Log;
import dev.drydock.server.jobs.PermanentJobFailure;
import dev.drydock.server.jobs.VulnDbSource;
import dev.drydock.server.store.ImageName;
import dev.drydock.server.store.RegistryRow;
import dev.drydock.server.store.ScanId;
import dev.drydock.server.store.ScanUpload;
import dev.drydock.server.store.Stage;
import dev.drydock.server.store.Store;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The registry connector's job kinds. {@code registry.discover} (payload {@code {"registry": id}}, one pending
 * per registry) lists a registry and queues {@code registry.scan} jobs (payload {@code {"registry", "digest",
 * "names"}}, one pending per digest), which pull the image, catalog it, match it against the worker's
 * vulnerability database and store a drydock scan at the registry stage.
 *
 * <p>A registry that is down or answers garbage makes the job throw, and the worker retries it with back-off;
 * refused credentials, credentials sealed with another key, or a registry deleted meanwhile cannot improve on
 * a retry and fail the job at once. Either way the failure is kept on the registry for the admin to see.
 */
public final class RegistryJobs {
    public static final String DISCOVER = "registry.discover";
    public static final String SCAN = "registry.scan";

    static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}|sha512:[0-9a-f]{128}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private RegistryJobs() {
    }

    public static Map<String, JobHandler> handlers(Registries registries, VulnDbSource vulnDb, String version, Log log) {
        Discovery discovery = new Discovery(registries.store(), Discovery.Caps.DEFAULT);
        return Map.of(DISCOVER, job -> discover(registries, discovery, job.payload(), log),
                SCAN, job -> scan(registries, vulnDb, version, job.payload()));
    }

    /** The dedupe key of a registry's discovery: at most one queued or running per registry. */
    public static String discoverKey(long registryId) {
        return DISCOVER + ":" + registryId;
    }

    public static String discoverPayload(long registryId) {
        return JSON.createObjectNode().put("registry", registryId).toString();
    }

    static String scanPayload(long registryId, String digest, List<ImageName> names) {
        ObjectNode o = JSON.createObjectNode().put("registry", registryId).put("digest", digest);
        ArrayNode a = o.putArray("names");
        names.forEach(n -> a.add(n.toString()));
        return o.toString();
    }

    static String discover(Registries registries, Discovery discovery, String payload, Log log) throws PermanentJobFailure {
        JsonNode p = payload(payload);
        RegistryRow r = registry(registries.store(), p);
        try {
            String result = discovery.run(r, registries.options(r));
            registries.store().registryDiscovered(r.id(), result);
            log.info("registry.discovered", "registry", r.id(), "result", result);
            return result;
        } catch (RegistryAccessDenied | SecretBox.SealedSecretException e) {
            registries.store().registryFailed(r.id(), e.getMessage());
            throw new PermanentJobFailure(e.getMessage());
        } catch (RuntimeException e) {
            // down, unwell or answering garbage: kept on the registry, and the worker retries the job
            registries.store().registryFailed(r.id(), e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            throw e;
        }
    }

    static String scan(Registries registries, VulnDbSource vulnDb, String version, String payload) throws PermanentJobFailure {
        JsonNode p = payload(payload);
        String digest = p.path("digest").asText("");
        if (!DIGEST.matcher(digest).matches()) throw new PermanentJobFailure("payload needs an image digest");
        Store store = registries.store();
        // a retry after the scan was stored (or another registry's scan of the same image) has nothing to do
        if (store.scannedAt(Stage.REGISTRY, List.of(digest)).contains(digest)) {
            return JSON.createObjectNode().put("digest", digest).put("alreadyScanned", true).toString();
        }
        RegistryRow r = registry(store, p);
        List<ImageName> names = names(p, RegistryUrl.parse(r.url()));
        RegistryOptions options;
        try {
            options = registries.options(r);
        } catch (SecretBox.SealedSecretException e) {
            throw new PermanentJobFailure(e.getMessage());
        }
        ImageName first = names.get(0);
        ImageRef ref = ImageRef.parse(first.registry() + "/" + first.repository() + "@" + digest);
        Instant started = Clock.systemUTC().instant();
        Warnings warnings = new Warnings();
        Catalog catalog;
        try (RegistrySource source = RegistrySource.open(ref, options)) {
            // no layer cache: a server scans each digest once, and shares no cache directory between workers
            catalog = new Cataloger(Cataloger.defaultAnalyzers(), null, Limits.DEFAULT, 1).catalog(source, warnings, Cataloger.Progress.NONE);
        } catch (RegistryAccessDenied e) {
            throw new PermanentJobFailure(e.getMessage());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Instant now = Clock.systemUTC().instant();
        // a missing or unreadable vulnerability database throws VulnDbException: retried, it may be installed meanwhile
        ScanReport report = vulnDb.withDb(db -> new Scanner(db, new SeveritySelector(List.of()),
                Policy.builder(LocalDate.ofInstant(now, ZoneOffset.UTC), now).exitCode(0).build(), version, -1)
                .scan(catalog, started, now, catalog.warnings()));
        ScanId id = store.recordScan(ScanUpload.drydock(report, catalog.packages(), Stage.REGISTRY,
                Map.of("registry", r.url()), names));
        ObjectNode o = JSON.createObjectNode();
        o.put("digest", digest);
        o.put("scan", id.value());
        o.put("packages", catalog.packages().size());
        o.put("findings", report.active().size());
        return o.toString();
    }

    private static JsonNode payload(String payload) throws PermanentJobFailure {
        try {
            JsonNode n = JSON.readTree(payload == null ? "" : payload);
            if (n == null || !n.isObject()) throw new PermanentJobFailure("payload is not a JSON object");
            return n;
        } catch (JsonProcessingException e) {
            throw new PermanentJobFailure("payload is not JSON");
        }
    }

    private static RegistryRow registry(Store store, JsonNode p) throws PermanentJobFailure {
        JsonNode id = p.get("registry");
        if (id == null || !id.canConvertToLong()) throw new PermanentJobFailure("payload needs a registry id");
        return store.registry(id.asLong())
                .orElseThrow(() -> new PermanentJobFailure("registry " + id.asLong() + " is no longer configured"));
    }

    /** The names from the payload; each must be on this registry (a payload cannot point the pull elsewhere). */
    private static List<ImageName> names(JsonNode p, RegistryUrl url) throws PermanentJobFailure {
        JsonNode a = p.get("names");
        if (a == null || !a.isArray() || a.isEmpty()) throw new PermanentJobFailure("payload needs names");
        List<ImageName> out = new ArrayList<>();
        for (JsonNode n : a) {
            ImageName name = ImageName.fromReference(n.asText(null)).orElse(null);
            if (name == null || !name.registry().equals(url.registry()) || name.tag().isEmpty()) {
                throw new PermanentJobFailure("payload names must be tags on " + url.registry());
            }
            out.add(name);
        }
        return out;
    }
}
