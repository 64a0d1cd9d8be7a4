package dev.drydock.server.store;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The reads behind the image list and the image page. Every value from a request is a bound parameter;
 * the only SQL chosen at run time is a fixed fragment picked by an enum ({@link ImageSort}) or by
 * whether a filter is set.
 */
final class InventoryReads {
    /** The scans listed for one image: the newest ones; older scans stay stored. */
    static final int MAX_SCANS = 500;

    private final Database db;
    private final Jdbi jdbi;
    private final TriageStore triage;

    InventoryReads(Database db, TriageStore triage) {
        this.db = db;
        this.jdbi = db.jdbi();
        this.triage = triage;
    }

    Page<ImageSummary> images(ImageQuery q) {
        if (q.repository() != null && !Bounded.matchable(q.repository())) return new Page<>(List.of(), 0, q.limit(), q.offset());
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        Map<String, Object> args = new HashMap<>();
        if (q.repository() != null) {
            where.append(" AND EXISTS (SELECT 1 FROM image_name n WHERE n.digest = i.digest AND n.repository = :repository)");
            args.put("repository", q.repository());
        }
        if (q.minSeverity() != null) {
            where.append(" AND i.max_severity >= :minRank");
            args.put("minRank", Rows.rank(q.minSeverity()));
        }
        if (q.kevOnly()) where.append(" AND i.kev_count > 0");
        if (q.stageGap() != null) {
            where.append(" AND NOT EXISTS (SELECT 1 FROM image_stage s WHERE s.image_digest = i.digest"
                    + " AND s.stage = :gapStage AND s.last_scanned_at IS NOT NULL)");
            args.put("gapStage", q.stageGap().stage().id());
        }
        return db.read(h -> {
            long total = h.createQuery("SELECT COUNT(*) FROM image i" + where).bindMap(args).mapTo(Long.class).one();
            List<ImageSummary> items = h.createQuery("""
                            SELECT i.digest, i.primary_name, i.distro, i.first_seen, i.last_seen, i.critical_count, i.high_count,
                                   i.medium_count, i.low_count, i.other_count, i.kev_count
                            FROM image i""" + where + " ORDER BY " + q.sort().orderBy() + " LIMIT :limit OFFSET :offset")
                    .bindMap(args).bind("limit", q.limit()).bind("offset", q.offset())
                    .map((rs, ctx) -> new ImageSummary(rs.getString("digest"), rs.getString("primary_name"),
                            rs.getString("distro"), Rows.instant(rs, "first_seen"), Rows.instant(rs, "last_seen"),
                            counts(rs), rs.getInt("kev_count")))
                    .list();
            return new Page<>(items, total, q.limit(), q.offset());
        });
    }

    private static SeverityCounts counts(ResultSet rs) throws SQLException {
        return new SeverityCounts(rs.getInt("critical_count"), rs.getInt("high_count"), rs.getInt("medium_count"),
                rs.getInt("low_count"), rs.getInt("other_count"));
    }

    Optional<ImageDetail> image(String digest) {
        if (!Bounded.matchable(digest)) return Optional.empty();
        return db.read(h -> {
            List<NameRecord> names = h.createQuery("""
                            SELECT registry, repository, tag, first_seen, last_seen FROM image_name
                            WHERE digest = :digest ORDER BY last_seen DESC, registry, repository, tag
                            """)
                    .bind("digest", digest)
                    .map((rs, ctx) -> new NameRecord(new ImageName(rs.getString("registry"), rs.getString("repository"),
                            rs.getString("tag")), Rows.instant(rs, "first_seen"), Rows.instant(rs, "last_seen")))
                    .list();
            List<LayerRow> layers = h.createQuery("""
                            SELECT idx, digest, diff_id, size, media_type, from_base FROM image_layer
                            WHERE image_digest = :digest ORDER BY idx
                            """)
                    .bind("digest", digest)
                    .map((rs, ctx) -> {
                        int fromBase = rs.getInt("from_base");
                        Boolean fb = rs.wasNull() ? null : fromBase == 1;
                        return new LayerRow(rs.getInt("idx"), rs.getString("digest"), rs.getString("diff_id"),
                                rs.getLong("size"), rs.getString("media_type"), fb);
                    })
                    .list();
            List<StageRecord> stages = h.createQuery("""
                            SELECT stage, first_seen, last_seen, last_scanned_at FROM image_stage WHERE image_digest = :digest
                            """)
                    .bind("digest", digest)
                    .map((rs, ctx) -> new StageRecord(Stage.parse(rs.getString("stage")), Rows.instant(rs, "first_seen"),
                            Rows.instant(rs, "last_seen"), Rows.instant(rs, "last_scanned_at")))
                    .list().stream().sorted(java.util.Comparator.comparing(StageRecord::stage)).toList();
            LastRematch lastRematch = h.createQuery("""
                            SELECT received_at, db_built_at FROM scan WHERE image_digest = :digest AND origin = 'rematch'
                            ORDER BY id DESC LIMIT 1
                            """)
                    .bind("digest", digest)
                    .map((rs, ctx) -> new LastRematch(Rows.instant(rs, "received_at"), Rows.instant(rs, "db_built_at")))
                    .findOne().orElse(null);
            return h.createQuery("SELECT * FROM image WHERE digest = :digest")
                    .bind("digest", digest)
                    .map((rs, ctx) -> new ImageDetail(rs.getString("digest"), rs.getString("media_type"), rs.getString("os"),
                            rs.getString("arch"), rs.getString("variant"), rs.getString("created"), rs.getLong("size"),
                            rs.getString("config_digest"), rs.getString("base_digest"), rs.getString("source_repo"),
                            rs.getString("revision"), Json.map(rs.getString("labels")), rs.getString("distro"),
                            Rows.instant(rs, "first_seen"), Rows.instant(rs, "last_seen"), names, layers, stages,
                            counts(rs), rs.getInt("kev_count"), lastRematch))
                    .findOne();
        });
    }

    List<PackageRow> packages(String digest) {
        if (!Bounded.matchable(digest)) return List.of();
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT purl, name, version, type, arch, layer_diff_id, path, source_name, source_version, licenses
                        FROM package WHERE image_digest = :digest ORDER BY type, name, version, purl, path
                        """)
                .bind("digest", digest)
                .map((rs, ctx) -> new PackageRow(rs.getString("purl"), rs.getString("name"), rs.getString("version"),
                        rs.getString("type"), rs.getString("arch"), rs.getString("layer_diff_id"), rs.getString("path"),
                        rs.getString("source_name"), rs.getString("source_version"), Json.list(rs.getString("licenses"))))
                .list());
    }

    private record Attr(String scanner, boolean suppressed) {
    }

    List<FindingRow> findings(String digest, boolean includeInactive) {
        if (!Bounded.matchable(digest)) return List.of();
        return db.read(h -> {
            record Base(long id, String vulnId, List<String> aliases, String purl, String packageName, String installed,
                        String fixed, String status, dev.drydock.model.Severity severity, String source, String title,
                        Double epss, Double epssPct, boolean kev, java.time.Instant firstSeen, java.time.Instant lastSeen,
                        boolean active) {
            }
            List<Base> rows = h.createQuery("""
                            SELECT f.id, f.vuln_id, f.purl, f.package_name, f.installed_version, f.fixed_version, f.status,
                                   f.severity, f.severity_source, f.first_seen, f.last_seen, f.active,
                                   v.aliases, v.title, v.epss_score, v.epss_percentile, v.kev
                            FROM finding f JOIN vulnerability v ON v.id = f.vuln_id
                            WHERE f.image_digest = :digest""" + (includeInactive ? "" : " AND f.active = 1") + """
                             ORDER BY f.active DESC, f.severity_rank DESC, f.package_name, f.vuln_id, f.purl
                            """)
                    .bind("digest", digest)
                    .map((rs, ctx) -> new Base(rs.getLong("id"), rs.getString("vuln_id"), Json.list(rs.getString("aliases")),
                            rs.getString("purl"), rs.getString("package_name"), rs.getString("installed_version"),
                            rs.getString("fixed_version"), rs.getString("status"), Rows.severity(rs.getString("severity")),
                            rs.getString("severity_source"), rs.getString("title"), Rows.dbl(rs, "epss_score"),
                            Rows.dbl(rs, "epss_percentile"), rs.getInt("kev") == 1, Rows.instant(rs, "first_seen"),
                            Rows.instant(rs, "last_seen"), rs.getInt("active") == 1))
                    .list();
            Map<Long, List<Attr>> attrs = new HashMap<>();
            ByFinding.query(h, "SELECT finding_id, scanner, suppression FROM attribution WHERE finding_id IN (<ids>) AND deleted_at IS NULL",
                            rows.stream().map(Base::id).toList(),
                            (rs, ctx) -> Map.entry(rs.getLong("finding_id"), new Attr(rs.getString("scanner"), rs.getString("suppression") != null)))
                    .forEach(e -> attrs.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
            Map<Long, TriageState> decided = triage.onImage(h, digest, rows.stream()
                    .map(b -> new TriageStore.FindingKeyRow(b.id(), b.packageName(), b.vulnId(), b.installed())).toList());
            List<FindingRow> out = new ArrayList<>(rows.size());
            for (Base b : rows) {
                List<Attr> live = attrs.getOrDefault(b.id(), List.of());
                TreeSet<String> scanners = new TreeSet<>();
                live.forEach(a -> scanners.add(a.scanner()));
                boolean suppressed = !live.isEmpty() && live.stream().allMatch(Attr::suppressed);
                out.add(new FindingRow(b.id(), b.vulnId(), b.aliases(), b.purl(), b.packageName(), b.installed(), b.fixed(),
                        b.status(), b.severity(), b.source(), b.title(), b.epss(), b.epssPct(), b.kev(), b.firstSeen(),
                        b.lastSeen(), b.active(), suppressed, List.copyOf(scanners), decided.get(b.id())));
            }
            return out;
        });
    }

    List<ScanRow> scans(String digest) {
        if (!Bounded.matchable(digest)) return List.of();
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT id, scanner, scanner_version, db_built_at, stage, context, started_at, finished_at, received_at,
                               finding_count, gate_failed, origin
                        FROM scan WHERE image_digest = :digest ORDER BY received_at DESC, id DESC LIMIT :max
                        """)
                .bind("digest", digest).bind("max", MAX_SCANS)
                .map((rs, ctx) -> new ScanRow(rs.getLong("id"), rs.getString("scanner"), rs.getString("scanner_version"),
                        Rows.instant(rs, "db_built_at"), Stage.parse(rs.getString("stage")), Json.map(rs.getString("context")),
                        Rows.instant(rs, "started_at"), Rows.instant(rs, "finished_at"), Rows.instant(rs, "received_at"),
                        rs.getInt("finding_count"), rs.getInt("gate_failed") == 1, rs.getString("origin")))
                .list());
    }

    /**
     * Active findings per severity over time, replayed from the exposure events: one point per moment at
     * which something appeared or disappeared. Counts are by the severity a finding had at each event.
     */
    List<CountPoint> findingHistory(String digest) {
        if (!Bounded.matchable(digest)) return List.of();
        return jdbi.withHandle(h -> {
            List<CountPoint> points = new ArrayList<>();
            Map<Long, String> activeSeverity = new HashMap<>();
            SeverityCounts[] current = {SeverityCounts.NONE};
            long[] lastAt = {Long.MIN_VALUE};
            List<Long> ids = h.createQuery("SELECT id FROM finding WHERE image_digest = :digest").bind("digest", digest).mapTo(Long.class).list();
            ByFinding.query(h, "SELECT id, finding_id, at, kind, severity FROM finding_event WHERE finding_id IN (<ids>)", ids,
                            (rs, ctx) -> new Object[]{rs.getLong("finding_id"), rs.getLong("at"), rs.getString("kind"), rs.getString("severity"),
                                    rs.getLong("id")})
                    .stream()
                    .sorted(java.util.Comparator.<Object[]>comparingLong(r -> (Long) r[1]).thenComparingLong(r -> (Long) r[4]))
                    .forEach(row -> {
                        long id = (Long) row[0];
                        long at = (Long) row[1];
                        if (at != lastAt[0] && lastAt[0] != Long.MIN_VALUE) {
                            points.add(new CountPoint(Instant.ofEpochMilli(lastAt[0]), current[0]));
                        }
                        lastAt[0] = at;
                        if ("appeared".equals(row[2])) {
                            String sev = (String) row[3];
                            String prev = activeSeverity.put(id, sev);
                            if (prev != null) current[0] = current[0].plus(Rows.severity(prev), -1);
                            current[0] = current[0].plus(Rows.severity(sev), 1);
                        } else {
                            String prev = activeSeverity.remove(id);
                            if (prev != null) current[0] = current[0].plus(Rows.severity(prev), -1);
                        }
                    });
            if (lastAt[0] != Long.MIN_VALUE) points.add(new CountPoint(Instant.ofEpochMilli(lastAt[0]), current[0]));
            return points;
        });
    }

}
