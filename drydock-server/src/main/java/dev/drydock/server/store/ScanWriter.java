package dev.drydock.server.store;

import dev.drydock.model.Finding;
import dev.drydock.model.ImageMetadata;
import dev.drydock.model.Layer;
import dev.drydock.model.Package;
import dev.drydock.model.SeverityRating;
import dev.drydock.report.JsonReportWriter;
import dev.drydock.report.ScanReport;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Stores one scan in one transaction: image, layers, names, stage, scan, packages, findings, this
 * scanner's attributions, and the exposure events they cause; the vulnerabilities they name just before,
 * in a short transaction of their own.
 *
 * <p>Concurrent uploads of the same image are serialised by the image row: its upsert comes first and
 * holds the row lock on PostgreSQL until commit (SQLite runs one write transaction at a time anyway). So
 * the read-compare-write of findings and attributions below never races with itself. Shared rows
 * (vulnerabilities) are written in sorted order so that two uploads cannot deadlock on them.
 */
final class ScanWriter {
    /** Attributes kept per package: real packages carry a few (jar checksum, Go replace); the rest is cut. */
    static final int MAX_ATTRIBUTES = 64;

    private final Jdbi jdbi;
    private final Clock clock;

    ScanWriter(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /** What {@link #record} did: the scan, whether it is an earlier identical upload's, and the merge's counts. */
    record Recorded(ScanId id, boolean repeated, FindingMerge.Result merge) {
    }

    Recorded record(ScanUpload u) {
        ScanReport r = u.report();
        ImageMetadata img = r.image();
        Bounded.count("findings", r.findings().size(), Bounded.MAX_FINDINGS);
        Bounded.count("packages", u.packages().size(), Bounded.MAX_PACKAGES);
        Bounded.count("image names", u.names().size(), Bounded.MAX_NAMES);
        Bounded.count("layers", img.layers().size(), Bounded.MAX_LAYERS);
        Bounded.count("context entries", u.context().size(), Bounded.MAX_CONTEXT_ENTRIES);
        Bounded.count("labels", img.labels().size() + img.annotations().size(), Bounded.MAX_LABELS);

        String digest = img.manifestDigest().toString();
        String scanner = Bounded.key(u.scanner(), Bounded.SHORT_KEY_BYTES);
        String uploadKey = uploadKey(u);
        // Several findings of one upload can share a key (the same jar at two paths): the first, in report
        // order (most severe first), speaks for them.
        Map<FindingKey, Finding> incoming = new TreeMap<>();
        for (Finding f : r.findings()) incoming.putIfAbsent(FindingKey.of(f), f);

        // Vulnerability rows are shared by every image: written in a short transaction of their own, so that
        // concurrent uploads wait for each other's row locks for milliseconds, not for a whole upload. They
        // are reference data: one left behind by an upload that fails later is harmless.
        // Another scanner's findings only add vulnerability rows drydock does not have yet: their enrichment
        // (KEV, ratings, aliases) is drydock's database's to give, and an import must not clear it.
        boolean enrich = ScanUpload.DRYDOCK.equals(scanner);
        jdbi.useTransaction(h -> upsertVulnerabilities(h, incoming.values(), null, enrich));
        return jdbi.inTransaction(h -> {
            long now = clock.millis();
            upsertImage(h, u, digest, now);
            writeLayers(h, digest, img.layers());
            writeNames(h, digest, u.names(), now);
            Long earlier = findScan(h, digest, scanner, uploadKey);
            long scanId = earlier != null ? earlier : insertScan(h, u, digest, scanner, uploadKey, now);
            writeStage(h, digest, u.stage(), now, earlier == null);
            if (!u.packages().isEmpty()) replacePackages(h, digest, u.packages());
            FindingMerge.Result merge = FindingMerge.merge(h, digest, scanner, scanId, incoming, now, FindingMerge.Mode.UPLOAD);
            ImageCounts.refresh(h, digest);
            return new Recorded(new ScanId(scanId), earlier != null, merge);
        });
    }

    private static void upsertImage(Handle h, ScanUpload u, String digest, long now) {
        ScanReport r = u.report();
        ImageMetadata img = r.image();
        Map<String, String> labels = new TreeMap<>();
        img.labels().forEach((k, v) -> labels.put(Bounded.text(k, Bounded.SHORT_KEY_BYTES), Bounded.text(v, Bounded.VALUE)));
        String name = u.names().isEmpty() ? null : Bounded.text(u.names().get(0).toString(), Bounded.KEY_BYTES);
        // Metadata of a digest does not change, but a later scan may know more (an SBOM upload knows less):
        // COALESCE keeps what is known.
        h.createUpdate("""
                        INSERT INTO image (digest, media_type, os, arch, variant, created, size, config_digest, base_digest,
                                           source_repo, revision, labels, distro, os_release, primary_name, first_seen, last_seen)
                        VALUES (:digest, :mediaType, :os, :arch, :variant, :created, :size, :configDigest, :baseDigest,
                                :sourceRepo, :revision, :labels, :distro, :osRelease, :name, :now, :now)
                        ON CONFLICT (digest) DO UPDATE SET
                            media_type = COALESCE(excluded.media_type, image.media_type),
                            os = COALESCE(excluded.os, image.os),
                            arch = COALESCE(excluded.arch, image.arch),
                            variant = COALESCE(excluded.variant, image.variant),
                            created = COALESCE(excluded.created, image.created),
                            size = COALESCE(excluded.size, image.size),
                            config_digest = COALESCE(excluded.config_digest, image.config_digest),
                            base_digest = COALESCE(excluded.base_digest, image.base_digest),
                            source_repo = COALESCE(excluded.source_repo, image.source_repo),
                            revision = COALESCE(excluded.revision, image.revision),
                            labels = CASE WHEN excluded.labels = '{}' THEN image.labels ELSE excluded.labels END,
                            distro = COALESCE(excluded.distro, image.distro),
                            os_release = COALESCE(excluded.os_release, image.os_release),
                            primary_name = COALESCE(excluded.primary_name, image.primary_name),
                            last_seen = excluded.last_seen
                        """)
                .bind("digest", digest)
                .bind("mediaType", Bounded.text(img.manifestMediaType(), Bounded.SHORT_KEY_BYTES))
                .bind("os", img.platform() == null ? null : Bounded.text(img.platform().os(), Bounded.SHORT_KEY_BYTES))
                .bind("arch", img.platform() == null ? null : Bounded.text(img.platform().architecture(), Bounded.SHORT_KEY_BYTES))
                .bind("variant", img.platform() == null ? null : Bounded.text(img.platform().variant(), Bounded.SHORT_KEY_BYTES))
                .bind("created", Bounded.text(img.created(), Bounded.SHORT_KEY_BYTES))
                .bind("size", img.layers().isEmpty() ? null : img.totalSize())
                .bind("configDigest", img.configDigest() == null ? null : img.configDigest().toString())
                .bind("baseDigest", Bounded.text(annotation(img, "org.opencontainers.image.base.digest"), Bounded.SHORT_KEY_BYTES))
                .bind("sourceRepo", Bounded.text(annotation(img, "org.opencontainers.image.source"), Bounded.VALUE))
                .bind("revision", Bounded.text(annotation(img, "org.opencontainers.image.revision"), Bounded.SHORT_KEY_BYTES))
                .bind("labels", Json.write(labels))
                .bind("distro", r.os() == null ? null : Bounded.text(r.os().purlDistro(), Bounded.SHORT_KEY_BYTES))
                .bind("osRelease", OsReleaseJson.write(r.os()))
                .bind("name", name)
                .bind("now", now)
                .execute();
    }

    /** A standard OCI key from the manifest annotations, else from the config labels. */
    private static String annotation(ImageMetadata img, String key) {
        String v = img.annotations().get(key);
        return v != null ? v : img.labels().get(key);
    }

    /** Layers are content-addressed by the manifest digest: written once, never changed. */
    private static void writeLayers(Handle h, String digest, List<Layer> layers) {
        if (layers.isEmpty()) return;
        PreparedBatch b = h.prepareBatch("""
                INSERT INTO image_layer (image_digest, idx, diff_id, digest, size, media_type, from_base)
                VALUES (:image, :idx, :diffId, :digest, :size, :mediaType, NULL)
                ON CONFLICT (image_digest, idx) DO NOTHING
                """);
        for (Layer l : layers) {
            b.bind("image", digest).bind("idx", l.index())
                    .bind("diffId", l.diffId() == null ? null : l.diffId().toString())
                    .bind("digest", l.digest() == null ? null : l.digest().toString())
                    .bind("size", l.size())
                    .bind("mediaType", Bounded.text(l.mediaType(), Bounded.SHORT_KEY_BYTES))
                    .add();
        }
        b.execute();
    }

    private static void writeNames(Handle h, String digest, List<ImageName> names, long now) {
        if (names.isEmpty()) return;
        PreparedBatch b = h.prepareBatch("""
                INSERT INTO image_name (registry, repository, tag, digest, first_seen, last_seen)
                VALUES (:registry, :repository, :tag, :digest, :now, :now)
                ON CONFLICT (registry, repository, tag, digest) DO UPDATE SET last_seen = excluded.last_seen
                """);
        Set<List<String>> seen = new HashSet<>();
        for (ImageName n : names) {
            String registry = Bounded.key(n.registry(), Bounded.SHORT_KEY_BYTES);
            String repository = Bounded.key(n.repository(), Bounded.KEY_BYTES);
            String tag = Bounded.key(n.tag(), Bounded.SHORT_KEY_BYTES);
            // One batch must not hit the same key twice: PostgreSQL refuses to update a row twice in one statement.
            if (!seen.add(List.of(registry, repository, tag))) continue;
            b.bind("registry", registry).bind("repository", repository).bind("tag", tag)
                    .bind("digest", digest).bind("now", now).add();
        }
        b.execute();
    }

    /** A repeated upload is the same scan: the image was seen again, but not scanned again. */
    private static void writeStage(Handle h, String digest, Stage stage, long now, boolean newScan) {
        h.createUpdate("""
                        INSERT INTO image_stage (image_digest, stage, first_seen, last_seen, last_scanned_at)
                        VALUES (:digest, :stage, :now, :now, :now)
                        ON CONFLICT (image_digest, stage) DO UPDATE SET
                            last_seen = excluded.last_seen,
                            last_scanned_at = CASE WHEN :newScan = 1 THEN excluded.last_scanned_at ELSE image_stage.last_scanned_at END
                        """)
                .bind("digest", digest).bind("stage", stage.id()).bind("now", now).bind("newScan", newScan ? 1 : 0).execute();
    }

    /** The scan an identical earlier upload made (a retried CI step), or null. */
    private static Long findScan(Handle h, String digest, String scanner, String uploadKey) {
        return h.createQuery("SELECT id FROM scan WHERE image_digest = :digest AND scanner = :scanner AND upload_key = :key")
                .bind("digest", digest).bind("scanner", scanner).bind("key", uploadKey)
                .mapTo(Long.class).findOne().orElse(null);
    }

    private static long insertScan(Handle h, ScanUpload u, String digest, String scanner, String uploadKey, long now) {
        Map<String, String> context = new TreeMap<>();
        u.context().forEach((k, v) -> context.put(Bounded.text(k, Bounded.SHORT_KEY_BYTES), Bounded.text(v, Bounded.VALUE)));
        ScanReport r = u.report();
        return h.createQuery("""
                        INSERT INTO scan (image_digest, scanner, scanner_version, db_built_at, stage, context, started_at,
                                          finished_at, received_at, finding_count, gate_failed, upload_key)
                        VALUES (:digest, :scanner, :version, :dbBuiltAt, :stage, :context, :startedAt, NULL, :now,
                                :findingCount, :gateFailed, :key)
                        RETURNING id
                        """)
                .bind("digest", digest).bind("scanner", scanner)
                .bind("version", Bounded.text(u.scannerVersion(), Bounded.SHORT_KEY_BYTES))
                .bind("dbBuiltAt", r.db().builtAt().toEpochMilli())
                .bind("stage", u.stage().id())
                .bind("context", Json.write(context))
                .bind("startedAt", r.createdAt().toEpochMilli())
                .bind("now", now)
                .bind("findingCount", r.active().size())
                .bind("gateFailed", r.gate().failed() ? 1 : 0)
                .bind("key", uploadKey)
                .mapTo(Long.class).one();
    }

    /**
     * The package set is replaced whole: it is what the image contains as of its latest catalog. An upload
     * without packages (another scanner's findings) leaves it alone.
     */
    private static void replacePackages(Handle h, String digest, List<Package> packages) {
        h.createUpdate("DELETE FROM package WHERE image_digest = :digest").bind("digest", digest).execute();
        PreparedBatch b = h.prepareBatch("""
                INSERT INTO package (image_digest, purl, path, name, version, type, arch, layer_diff_id, source_name,
                                     source_version, licenses, attributes)
                VALUES (:digest, :purl, :path, :name, :version, :type, :arch, :layer, :sourceName, :sourceVersion, :licenses,
                        :attributes)
                ON CONFLICT (image_digest, purl, path) DO NOTHING
                """);
        for (Package p : packages) {
            String purl = p.purl() != null && !p.purl().isBlank() ? p.purl() : FindingKey.purlWithoutQualifiers(p);
            b.bind("digest", digest)
                    .bind("purl", Bounded.key(purl, Bounded.KEY_BYTES))
                    .bind("path", Bounded.key(p.path() == null ? "" : p.path(), Bounded.KEY_BYTES))
                    .bind("name", Bounded.text(p.name(), Bounded.VALUE))
                    .bind("version", Bounded.text(p.version(), Bounded.VALUE))
                    .bind("type", p.type().purlType())
                    .bind("arch", Bounded.text(p.arch(), Bounded.SHORT_KEY_BYTES))
                    .bind("layer", p.layerDiffId() == null ? null : p.layerDiffId().toString())
                    .bind("sourceName", Bounded.text(p.sourceName(), Bounded.VALUE))
                    .bind("sourceVersion", Bounded.text(p.sourceVersion(), Bounded.VALUE))
                    .bind("licenses", Json.write(bounded(p.licenses(), Bounded.VALUE)))
                    .bind("attributes", attributes(p))
                    .add();
        }
        b.execute();
    }

    /** Ecosystem facts the matcher reads (e.g. go.replace), bounded like every other map from an upload; null when none. */
    private static String attributes(Package p) {
        if (p.attributes().isEmpty()) return null;
        Map<String, String> out = new TreeMap<>();
        for (var e : p.attributes().entrySet()) {
            if (out.size() == MAX_ATTRIBUTES) break;
            out.put(Bounded.text(e.getKey(), Bounded.SHORT_KEY_BYTES), Bounded.text(e.getValue(), Bounded.VALUE));
        }
        return Json.write(out);
    }

    /**
     * Vulnerability rows hold the newest writer's enrichment; values a writer does not know are kept. A row
     * whose values would not change is left alone (the WHERE of the upsert): re-uploads and re-matches of
     * images sharing vulnerabilities would otherwise rewrite the same rows over and over.
     *
     * @param skip ids not to write (known to be stored already); null writes all
     * @return the ids written or confirmed
     */
    static Set<String> upsertVulnerabilities(Handle h, Iterable<Finding> findings, Set<String> skip) {
        return upsertVulnerabilities(h, findings, skip, true);
    }

    /** As above; with {@code enrich} false, only ids not stored yet are inserted and stored rows are left as they are. */
    static Set<String> upsertVulnerabilities(Handle h, Iterable<Finding> findings, Set<String> skip, boolean enrich) {
        Map<String, Finding> byId = new TreeMap<>();
        for (Finding f : findings) {
            String id = Bounded.key(f.id(), Bounded.SHORT_KEY_BYTES);
            if (skip == null || !skip.contains(id)) byId.putIfAbsent(id, f);
        }
        if (byId.isEmpty()) return Set.of();
        PreparedBatch b = h.prepareBatch("""
                INSERT INTO vulnerability (id, aliases, title, description, severity, severity_rank, severity_source, ratings,
                                           cvss_score, epss_score, epss_percentile, kev, kev_date_added, kev_due_date,
                                           kev_ransomware, published, modified, refs, cwes)
                VALUES (:id, :aliases, :title, :description, :severity, :rank, :source, :ratings, :cvss, :epss, :epssPct,
                        :kev, :kevAdded, :kevDue, :kevRansomware, NULL, NULL, :refs, :cwes)
                """ + (enrich ? """
                ON CONFLICT (id) DO UPDATE SET
                    aliases = excluded.aliases,
                    title = COALESCE(excluded.title, vulnerability.title),
                    description = COALESCE(excluded.description, vulnerability.description),
                    severity = excluded.severity,
                    severity_rank = excluded.severity_rank,
                    severity_source = excluded.severity_source,
                    ratings = excluded.ratings,
                    cvss_score = COALESCE(excluded.cvss_score, vulnerability.cvss_score),
                    epss_score = COALESCE(excluded.epss_score, vulnerability.epss_score),
                    epss_percentile = COALESCE(excluded.epss_percentile, vulnerability.epss_percentile),
                    kev = excluded.kev,
                    kev_date_added = excluded.kev_date_added,
                    kev_due_date = excluded.kev_due_date,
                    kev_ransomware = excluded.kev_ransomware,
                    refs = excluded.refs,
                    cwes = excluded.cwes
                WHERE vulnerability.aliases IS DISTINCT FROM excluded.aliases
                   OR vulnerability.title IS DISTINCT FROM COALESCE(excluded.title, vulnerability.title)
                   OR vulnerability.description IS DISTINCT FROM COALESCE(excluded.description, vulnerability.description)
                   OR vulnerability.severity IS DISTINCT FROM excluded.severity
                   OR vulnerability.severity_rank IS DISTINCT FROM excluded.severity_rank
                   OR vulnerability.severity_source IS DISTINCT FROM excluded.severity_source
                   OR vulnerability.ratings IS DISTINCT FROM excluded.ratings
                   OR vulnerability.cvss_score IS DISTINCT FROM COALESCE(excluded.cvss_score, vulnerability.cvss_score)
                   OR vulnerability.epss_score IS DISTINCT FROM COALESCE(excluded.epss_score, vulnerability.epss_score)
                   OR vulnerability.epss_percentile IS DISTINCT FROM COALESCE(excluded.epss_percentile, vulnerability.epss_percentile)
                   OR vulnerability.kev IS DISTINCT FROM excluded.kev
                   OR vulnerability.kev_date_added IS DISTINCT FROM excluded.kev_date_added
                   OR vulnerability.kev_due_date IS DISTINCT FROM excluded.kev_due_date
                   OR vulnerability.kev_ransomware IS DISTINCT FROM excluded.kev_ransomware
                   OR vulnerability.refs IS DISTINCT FROM excluded.refs
                   OR vulnerability.cwes IS DISTINCT FROM excluded.cwes
                """ : """
                ON CONFLICT (id) DO NOTHING
                """));
        for (var e : byId.entrySet()) {
            Finding f = e.getValue();
            List<Map<String, Object>> ratings = new ArrayList<>();
            Double cvss = null;
            for (SeverityRating sr : f.ratings().subList(0, Math.min(f.ratings().size(), Bounded.MAX_LIST))) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("source", Bounded.text(sr.source(), Bounded.SHORT_KEY_BYTES));
                m.put("severity", sr.severity().id());
                if (sr.cvssVersion() != null) m.put("cvssVersion", Bounded.text(sr.cvssVersion(), 16));
                if (sr.vector() != null) m.put("vector", Bounded.text(sr.vector(), Bounded.SHORT_KEY_BYTES));
                if (sr.score() != null && Double.isFinite(sr.score())) {
                    m.put("score", sr.score());
                    cvss = cvss == null ? sr.score() : Math.max(cvss, sr.score());
                }
                ratings.add(m);
            }
            boolean finiteEpss = f.epss() != null && Double.isFinite(f.epss().score()) && Double.isFinite(f.epss().percentile());
            b.bind("id", e.getKey())
                    .bind("aliases", Json.write(bounded(f.aliases(), Bounded.SHORT_KEY_BYTES)))
                    .bind("title", Bounded.text(f.title(), Bounded.TITLE))
                    .bind("description", Bounded.text(f.description(), Bounded.DESCRIPTION))
                    .bind("severity", f.severity().id())
                    .bind("rank", Rows.rank(f.severity()))
                    .bind("source", Bounded.text(f.severitySource(), Bounded.SHORT_KEY_BYTES))
                    .bind("ratings", Json.write(ratings))
                    .bind("cvss", cvss)
                    .bind("epss", finiteEpss ? f.epss().score() : null)
                    .bind("epssPct", finiteEpss ? f.epss().percentile() : null)
                    .bind("kev", f.kev() != null ? 1 : 0)
                    .bind("kevAdded", f.kev() == null || f.kev().dateAdded() == null ? null : f.kev().dateAdded().toString())
                    .bind("kevDue", f.kev() == null || f.kev().dueDate() == null ? null : f.kev().dueDate().toString())
                    .bind("kevRansomware", f.kev() == null ? null : f.kev().knownRansomwareUse() ? 1 : 0)
                    .bind("refs", Json.write(bounded(f.references(), Bounded.VALUE)))
                    .bind("cwes", Json.write(bounded(f.cwes(), 64)))
                    .add();
        }
        b.execute();
        return byId.keySet();
    }

    private static List<String> bounded(List<String> list, int max) {
        return list.stream().limit(Bounded.MAX_LIST).map(s -> Bounded.text(s, max)).toList();
    }

    /**
     * SHA-256 of everything the upload says, in an unambiguous encoding (each part length-prefixed): the
     * same upload sent twice has the same key, and so becomes one scan.
     */
    static String uploadKey(ScanUpload u) {
        MessageDigest md = dev.drydock.model.Digest.newSha256();
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        try {
            new JsonReportWriter().write(u.report(), json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        part(md, json.toByteArray());
        part(md, u.stage().id());
        part(md, u.scanner());
        part(md, String.valueOf(u.scannerVersion()));
        for (var e : new TreeMap<>(u.context()).entrySet()) {
            part(md, e.getKey());
            part(md, String.valueOf(e.getValue()));
        }
        part(md, "names");
        for (ImageName n : u.names()) part(md, n.toString());
        part(md, "packages");
        u.packages().stream().map(p -> p.purl() + "\0" + p.path()).sorted(Comparator.naturalOrder()).forEach(s -> part(md, s));
        return HexFormat.of().formatHex(md.digest());
    }

    private static void part(MessageDigest md, String s) {
        part(md, s.getBytes(StandardCharsets.UTF_8));
    }

    private static void part(MessageDigest md, byte[] b) {
        md.update(java.nio.ByteBuffer.allocate(8).putLong(b.length).array());
        md.update(b);
    }
}
