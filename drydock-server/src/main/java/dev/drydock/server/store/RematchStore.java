package dev.drydock.server.store;

import dev.drydock.catalog.Catalog;
import dev.drydock.model.Digest;
import dev.drydock.model.Finding;
import dev.drydock.model.ImageMetadata;
import dev.drydock.model.Package;
import dev.drydock.model.PackageType;
import dev.drydock.model.Platform;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The storage side of continuous re-matching: which images have packages, their stored catalogs (read in
 * a few queries per batch of images, never per package), and writing a re-match as drydock's
 * attributions through the same {@link FindingMerge} as uploads.
 */
final class RematchStore {
    /** Images read at once: bounds the IN lists and the memory of one batch. */
    static final int MAX_BATCH = 1_000;
    /** Vulnerability ids remembered as written for the current database build (see {@link #written}). */
    private static final int MAX_REMEMBERED = 500_000;

    private final Database db;
    private final Jdbi jdbi;
    private final Clock clock;

    /**
     * Vulnerability rows this process already wrote from the current database build. Every image of a
     * fleet re-match carries the same enrichment for the same vulnerability, so each row is sent once per
     * build rather than once per image holding it (10,000 images share a few thousand vulnerabilities).
     * Only ids of committed transactions are added: a finding must never point at a row that was rolled back.
     */
    private final AtomicReference<Written> written = new AtomicReference<>(new Written(Long.MIN_VALUE));

    private record Written(long build, Set<String> ids) {
        Written(long build) {
            this(build, ConcurrentHashMap.newKeySet());
        }
    }

    RematchStore(Database db, Clock clock) {
        this.db = db;
        this.jdbi = db.jdbi();
        this.clock = clock;
    }

    /** Digests of images that have a package set, in digest order after {@code after} (null: from the start). */
    List<String> imagesWithPackages(String after, int limit) {
        int n = Math.max(1, Math.min(limit, 10_000));
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT i.digest FROM image i
                        WHERE i.digest > :after AND EXISTS (SELECT 1 FROM package p WHERE p.image_digest = i.digest)
                        ORDER BY i.digest LIMIT :limit
                        """)
                .bind("after", after == null ? "" : after).bind("limit", n)
                .mapTo(String.class).list());
    }

    /** The stored catalogs of these images (unknown digests are left out), read on one snapshot. */
    List<StoredCatalog> catalogs(List<String> digests) {
        List<String> wanted = digests.stream().filter(Bounded::matchable).distinct().toList();
        Bounded.count("images", wanted.size(), MAX_BATCH);
        if (wanted.isEmpty()) return List.of();
        return db.read(h -> {
            Map<String, ImageRow> images = new TreeMap<>();
            h.createQuery("""
                            SELECT digest, media_type, os, arch, variant, created, config_digest, distro, os_release, primary_name
                            FROM image WHERE digest IN (<digests>)
                            """)
                    .bindList("digests", wanted)
                    .map((rs, ctx) -> new ImageRow(rs.getString("digest"), rs.getString("media_type"), rs.getString("os"),
                            rs.getString("arch"), rs.getString("variant"), rs.getString("created"), rs.getString("config_digest"),
                            rs.getString("distro"), rs.getString("os_release"), rs.getString("primary_name")))
                    .forEach(r -> images.put(r.digest(), r));
            if (images.isEmpty()) return List.of();
            List<String> found = List.copyOf(images.keySet());
            Map<String, List<Package>> packages = new HashMap<>();
            h.createQuery("""
                            SELECT image_digest, purl, path, name, version, type, arch, source_name, source_version, attributes
                            FROM package WHERE image_digest IN (<digests>)
                            """)
                    .bindList("digests", found)
                    .map((rs, ctx) -> {
                        PackageType type = PackageType.fromPurlType(rs.getString("type"));
                        if (type == null) return null;
                        String purl = rs.getString("purl");
                        String path = rs.getString("path");
                        String attributes = rs.getString("attributes");
                        // A package stored without a purl has type/name@version in that column: not a purl to parse.
                        Package p = new Package(type, rs.getString("name"), rs.getString("version"), rs.getString("arch"),
                                rs.getString("source_name"), rs.getString("source_version"), List.of(),
                                purl.startsWith("pkg:") ? purl : null, null, path.isEmpty() ? null : path, List.of(),
                                attributes == null ? Map.of() : Json.map(attributes));
                        return Map.entry(rs.getString("image_digest"), p);
                    })
                    .forEach(e -> {
                        if (e != null) packages.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
                    });
            Map<String, ScanState> scans = scanStates(h, found);
            List<StoredCatalog> out = new ArrayList<>();
            for (ImageRow r : images.values()) {
                ScanState s = scans.getOrDefault(r.digest(), ScanState.NONE);
                Catalog c = new Catalog(r.metadata(), OsReleaseJson.read(r.osRelease(), r.distro()),
                        packages.getOrDefault(r.digest(), List.of()), List.of());
                out.add(new StoredCatalog(r.digest(), c, s.version(), s.newestDrydockDb(), s.rematchedAgainst()));
            }
            return out;
        });
    }

    private record ImageRow(String digest, String mediaType, String os, String arch, String variant, String created,
                            String configDigest, String distro, String osRelease, String primaryName) {
        ImageMetadata metadata() {
            Platform platform = os == null && arch == null ? null : new Platform(os, arch, variant);
            return new ImageMetadata(primaryName, digest(digest), mediaType, digest(configDigest), platform, created,
                    List.of(), List.of(), List.of(), Map.of(), Map.of());
        }

        private static Digest digest(String s) {
            if (s == null) return null;
            try {
                return Digest.parse(s);
            } catch (RuntimeException e) {
                return null; // stored digests were checked on the way in; an odd one only loses metadata
            }
        }
    }

    private record ScanState(long version, Instant newestDrydockDb, Instant rematchedAgainst) {
        static final ScanState NONE = new ScanState(0, null, null);
    }

    private static Map<String, ScanState> scanStates(Handle h, List<String> digests) {
        Map<String, long[]> newest = new HashMap<>(); // digest -> {newest scan id, newest drydock db (or MIN)}
        h.createQuery("""
                        SELECT image_digest, MAX(id) AS newest,
                               MAX(CASE WHEN scanner = :drydock THEN db_built_at END) AS drydock_db
                        FROM scan WHERE image_digest IN (<digests>) GROUP BY image_digest
                        """)
                .bindList("digests", digests).bind("drydock", ScanUpload.DRYDOCK)
                .map((rs, ctx) -> {
                    long id = rs.getLong("newest");
                    long db = rs.getLong("drydock_db");
                    return Map.entry(rs.getString("image_digest"), new long[]{id, rs.wasNull() ? Long.MIN_VALUE : db});
                })
                .forEach(e -> newest.put(e.getKey(), e.getValue()));
        Map<String, ScanState> out = new HashMap<>();
        if (newest.isEmpty()) return out;
        Map<String, Instant> rematched = new HashMap<>();
        h.createQuery("""
                        SELECT image_digest, db_built_at FROM scan
                        WHERE id IN (<ids>) AND origin = 'rematch' AND scanner = :drydock AND db_built_at IS NOT NULL
                        """)
                .bindList("ids", newest.values().stream().map(v -> v[0]).toList()).bind("drydock", ScanUpload.DRYDOCK)
                .map((rs, ctx) -> Map.entry(rs.getString("image_digest"), Instant.ofEpochMilli(rs.getLong("db_built_at"))))
                .forEach(e -> rematched.put(e.getKey(), e.getValue()));
        newest.forEach((digest, v) -> out.put(digest, new ScanState(v[0],
                v[1] == Long.MIN_VALUE ? null : Instant.ofEpochMilli(v[1]), rematched.get(digest))));
        return out;
    }

    /**
     * Writes a re-match in one transaction: the image's row lock first (as an upload takes it, so the two
     * serialise), then a check that no scan arrived since the packages were read, a scan row with origin
     * 'rematch', vulnerabilities, and drydock's attributions through {@link FindingMerge} in re-match mode.
     * Stage records are not touched: a re-match is not a scan at any stage.
     */
    RematchOutcome record(Rematch r) {
        Bounded.count("findings", r.findings().size(), Bounded.MAX_FINDINGS);
        long build = r.dbBuiltAt().toEpochMilli();
        Written known = written.updateAndGet(w -> w.build() == build ? w : new Written(build));
        Map<FindingKey, Finding> incoming = new TreeMap<>();
        for (Finding f : r.findings()) incoming.putIfAbsent(FindingKey.of(f), f);
        Set<String> newlyWritten = new LinkedHashSet<>();
        RematchOutcome outcome = jdbi.inTransaction(h -> {
            boolean exists = h.createQuery("SELECT digest FROM image WHERE digest = :digest" + db.dialect().forUpdate())
                    .bind("digest", r.digest()).mapTo(String.class).findOne().isPresent();
            if (!exists) return RematchOutcome.of(RematchOutcome.Status.GONE);
            long version = h.createQuery("SELECT COALESCE(MAX(id), 0) FROM scan WHERE image_digest = :digest")
                    .bind("digest", r.digest()).mapTo(Long.class).one();
            if (version != r.expectedVersion()) return RematchOutcome.of(RematchOutcome.Status.STALE);
            long now = clock.millis();
            long scanId = h.createQuery("""
                            INSERT INTO scan (image_digest, scanner, scanner_version, db_built_at, stage, context, started_at,
                                              finished_at, received_at, finding_count, gate_failed, upload_key, origin)
                            VALUES (:digest, :scanner, :version, :dbBuiltAt, 'manual', '{}', :now, :now, :now, :findingCount, 0,
                                    :key, 'rematch')
                            RETURNING id
                            """)
                    .bind("digest", r.digest()).bind("scanner", ScanUpload.DRYDOCK)
                    .bind("version", Bounded.text(r.scannerVersion(), Bounded.SHORT_KEY_BYTES))
                    .bind("dbBuiltAt", build).bind("now", now).bind("findingCount", incoming.size())
                    // Unique per (image, database build, state the re-match started from).
                    .bind("key", "rematch:" + build + ":" + version)
                    .mapTo(Long.class).one();
            newlyWritten.addAll(ScanWriter.upsertVulnerabilities(h, incoming.values(), known.ids()));
            FindingMerge.Result m = FindingMerge.merge(h, r.digest(), ScanUpload.DRYDOCK, scanId, incoming, now, FindingMerge.Mode.REMATCH);
            if (m.unsuppressed() != incoming.size()) {
                h.createUpdate("UPDATE scan SET finding_count = :n WHERE id = :id").bind("n", m.unsuppressed()).bind("id", scanId).execute();
            }
            // Counts also move when a shared vulnerability's KEV status changed, which another image's
            // re-match may have written: recomputed every time, written only when different.
            ImageCounts.refresh(h, r.digest());
            return new RematchOutcome(RematchOutcome.Status.APPLIED, scanId, m.appeared(), m.disappeared(), m.changedAnything());
        });
        if (outcome.status() == RematchOutcome.Status.APPLIED) {
            if (known.ids().size() + newlyWritten.size() > MAX_REMEMBERED) known.ids().clear();
            known.ids().addAll(newlyWritten);
        }
        return outcome;
    }
}
