package dev.drydock.server.store;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reconciliation reads: where two scanners disagree (the drift table) and how much they agree (parity),
 * and the daily parity snapshots.
 *
 * <p>Only images both scanners scanned are compared: an image one of them never looked at would count every
 * finding of the other as a disagreement. A scanner "reports" a finding when its attribution is live
 * ({@code deleted_at IS NULL}) and not suppressed by its own policy (ignore file, VEX, unfixed).
 *
 * <p>Fleet and repository figures are one set-based statement each (conditional aggregation over the live
 * attributions of the two scanners, grouped by finding). One image is read the way the image page reads it:
 * the image's finding ids first, then their attributions by id, so that no plan can scan every attribution
 * for one image. Every value from a request is a bound parameter.
 */
final class ReconcileReads {
    /** Repositories listed in one parity answer. */
    static final int MAX_REPOSITORIES = 1_000;
    /** Days of history in one parity answer. */
    static final int MAX_HISTORY = 366;

    private static final String LIVE_A = "(a.finding_id IS NOT NULL AND a.deleted_at IS NULL AND a.suppression IS NULL)";
    private static final String LIVE_B = "(b.finding_id IS NOT NULL AND b.deleted_at IS NULL AND b.suppression IS NULL)";
    private static final String COMMON_IMAGES =
            "SELECT image_digest FROM scan WHERE scanner = :a INTERSECT SELECT image_digest FROM scan WHERE scanner = :b";
    private static final String IN_REPOSITORY = "SELECT digest FROM image_name WHERE repository = :repository";
    /** Per finding: whether each scanner reports it, and with which severity. */
    private static final String PAIRS = """
            (SELECT t.finding_id,
                    MAX(CASE WHEN t.scanner = :a THEN 1 ELSE 0 END) AS ha,
                    MAX(CASE WHEN t.scanner = :b THEN 1 ELSE 0 END) AS hb,
                    MAX(CASE WHEN t.scanner = :a THEN t.severity END) AS sa,
                    MAX(CASE WHEN t.scanner = :b THEN t.severity END) AS sb
             FROM attribution t
             WHERE t.scanner IN (:a, :b) AND t.deleted_at IS NULL AND t.suppression IS NULL
             GROUP BY t.finding_id) x""";
    private static final String SUMS = """
            COALESCE(SUM(CASE WHEN x.ha = 1 AND x.hb = 1 THEN 1 ELSE 0 END), 0) AS both_n,
            COALESCE(SUM(CASE WHEN x.ha = 1 AND x.hb = 0 THEN 1 ELSE 0 END), 0) AS only_a,
            COALESCE(SUM(CASE WHEN x.ha = 0 AND x.hb = 1 THEN 1 ELSE 0 END), 0) AS only_b,
            COALESCE(SUM(CASE WHEN x.ha = 1 AND x.hb = 1 AND x.sa = x.sb THEN 1 ELSE 0 END), 0) AS same_sev""";

    private final Database db;
    private final Jdbi jdbi;

    ReconcileReads(Database db) {
        this.db = db;
        this.jdbi = db.jdbi();
    }

    /** One scanner's attribution of a finding, live or not; null when it never reported it. */
    private record Side(String severity, String source, String suppression, Long deletedAt) {
        boolean reports() {
            return deletedAt == null && suppression == null;
        }
    }

    private record Raw(long id, String digest, String vulnId, String purl, String packageName, String installed,
                       String fixed, Side a, Side b) {
        Presence presence() {
            boolean ra = a != null && a.reports(), rb = b != null && b.reports();
            return ra && rb ? Presence.BOTH : ra ? Presence.ONLY_A : rb ? Presence.ONLY_B : null;
        }
    }

    // ---- drift

    Page<DriftRow> drift(DriftQuery q) {
        if (!matchable(q)) return new Page<>(List.of(), 0, q.limit(), q.offset());
        if (q.image() != null) return imageDrift(q);
        StringBuilder where = new StringBuilder(" WHERE (" + LIVE_A + " OR " + LIVE_B + ") AND f.image_digest IN (" + COMMON_IMAGES + ")");
        Map<String, Object> args = new HashMap<>();
        args.put("a", q.scannerA());
        args.put("b", q.scannerB());
        if (q.repository() != null) {
            where.append(" AND f.image_digest IN (" + IN_REPOSITORY + ")");
            args.put("repository", q.repository());
        }
        if (q.presence() != null) where.append(switch (q.presence()) {
            case BOTH -> " AND " + LIVE_A + " AND " + LIVE_B;
            case ONLY_A -> " AND " + LIVE_A + " AND NOT " + LIVE_B;
            case ONLY_B -> " AND NOT " + LIVE_A + " AND " + LIVE_B;
        });
        String from = """
                 FROM finding f
                 LEFT JOIN attribution a ON a.finding_id = f.id AND a.scanner = :a
                 LEFT JOIN attribution b ON b.finding_id = f.id AND b.scanner = :b""";
        return db.read(h -> {
            long total = h.createQuery("SELECT COUNT(*)" + from + where).bindMap(args).mapTo(Long.class).one();
            List<Raw> raws = h.createQuery("""
                            SELECT f.id, f.image_digest, f.vuln_id, f.purl, f.package_name, f.installed_version, f.fixed_version,
                                   a.finding_id AS a_id, a.severity AS a_sev, a.severity_source AS a_src, a.suppression AS a_sup, a.deleted_at AS a_del,
                                   b.finding_id AS b_id, b.severity AS b_sev, b.severity_source AS b_src, b.suppression AS b_sup, b.deleted_at AS b_del
                            """ + from + where + " ORDER BY f.image_digest, f.vuln_id, f.purl LIMIT :limit OFFSET :offset")
                    .bindMap(args).bind("limit", q.limit()).bind("offset", q.offset())
                    .map((rs, ctx) -> new Raw(rs.getLong("id"), rs.getString("image_digest"), rs.getString("vuln_id"),
                            rs.getString("purl"), rs.getString("package_name"), rs.getString("installed_version"),
                            rs.getString("fixed_version"), side(rs, "a_"), side(rs, "b_")))
                    .list();
            Map<String, PackageSets> sets = new HashMap<>();
            List<DriftRow> rows = new ArrayList<>(raws.size());
            for (Raw r : raws) {
                rows.add(row(r, () -> sets.computeIfAbsent(r.digest(), d -> packageSets(h, d, q))));
            }
            return new Page<>(rows, total, q.limit(), q.offset());
        });
    }

    private static Side side(ResultSet rs, String prefix) throws SQLException {
        rs.getLong(prefix + "id");
        if (rs.wasNull()) return null;
        long del = rs.getLong(prefix + "del");
        Long deleted = rs.wasNull() ? null : del;
        return new Side(rs.getString(prefix + "sev"), rs.getString(prefix + "src"), rs.getString(prefix + "sup"), deleted);
    }

    /** One image: its findings, then their attributions by id; filtered and paged here (one image's findings are bounded). */
    private Page<DriftRow> imageDrift(DriftQuery q) {
        return db.read(h -> {
            List<Raw> all = imageRaws(h, q);
            PackageSets sets = PackageSets.of(all);
            List<Raw> matching = all.stream()
                    .filter(r -> r.presence() != null && (q.presence() == null || r.presence() == q.presence())).toList();
            List<DriftRow> rows = new ArrayList<>();
            for (Raw r : matching.subList(Math.min(q.offset(), matching.size()), Math.min(matching.size(), q.offset() + q.limit()))) {
                rows.add(row(r, () -> sets));
            }
            return new Page<>(rows, matching.size(), q.limit(), q.offset());
        });
    }

    /** Every finding of the image with both sides; empty unless both scanners scanned it. */
    private List<Raw> imageRaws(Handle h, DriftQuery q) {
        long scannedBy = h.createQuery("SELECT COUNT(DISTINCT scanner) FROM scan WHERE image_digest = :d AND scanner IN (:a, :b)")
                .bind("d", q.image()).bind("a", q.scannerA()).bind("b", q.scannerB()).mapTo(Long.class).one();
        if (scannedBy < 2) return List.of();
        record F(long id, String vulnId, String purl, String name, String installed, String fixed) {
        }
        List<F> findings = h.createQuery("""
                        SELECT id, vuln_id, purl, package_name, installed_version, fixed_version FROM finding
                        WHERE image_digest = :d ORDER BY vuln_id, purl
                        """)
                .bind("d", q.image())
                .map((rs, ctx) -> new F(rs.getLong("id"), rs.getString("vuln_id"), rs.getString("purl"), rs.getString("package_name"),
                        rs.getString("installed_version"), rs.getString("fixed_version")))
                .list();
        Map<Long, Side> as = new HashMap<>(), bs = new HashMap<>();
        ByFinding.query(h, """
                                SELECT finding_id, scanner, severity, severity_source, suppression, deleted_at FROM attribution
                                WHERE finding_id IN (<ids>) AND scanner IN (:a, :b)""",
                        findings.stream().map(F::id).toList(), Map.of("a", q.scannerA(), "b", q.scannerB()),
                        (rs, ctx) -> {
                            long del = rs.getLong("deleted_at");
                            Long deleted = rs.wasNull() ? null : del;
                            return Map.entry(rs.getLong("finding_id"), Map.entry(rs.getString("scanner"), new Side(rs.getString("severity"),
                                    rs.getString("severity_source"), rs.getString("suppression"), deleted)));
                        })
                .forEach(e -> (e.getValue().getKey().equals(q.scannerA()) ? as : bs).put(e.getKey(), e.getValue().getValue()));
        List<Raw> out = new ArrayList<>(findings.size());
        for (F f : findings) {
            out.add(new Raw(f.id(), q.image(), f.vulnId(), f.purl(), f.name(), f.installed(), f.fixed(), as.get(f.id()), bs.get(f.id())));
        }
        return out;
    }

    /** The packages (purl without version) each scanner reports anything in, in one image, live or suppressed. */
    private record PackageSets(Set<String> a, Set<String> b) {
        static PackageSets of(List<Raw> raws) {
            Set<String> a = new HashSet<>(), b = new HashSet<>();
            for (Raw r : raws) {
                if (r.a() != null && r.a().deletedAt() == null) a.add(versionless(r.purl()));
                if (r.b() != null && r.b().deletedAt() == null) b.add(versionless(r.purl()));
            }
            return new PackageSets(a, b);
        }
    }

    private PackageSets packageSets(Handle h, String digest, DriftQuery q) {
        return PackageSets.of(imageRaws(h, q.withImage(digest)));
    }

    private static DriftRow row(Raw r, java.util.function.Supplier<PackageSets> sets) {
        Presence p = Objects.requireNonNull(r.presence());
        DriftReason reason = reason(r, p, sets);
        Side a = r.a() != null && r.a().reports() ? r.a() : null;
        Side b = r.b() != null && r.b().reports() ? r.b() : null;
        return new DriftRow(r.id(), r.digest(), r.vulnId(), r.purl(), r.packageName(), r.installed(), r.fixed(), p.id(),
                a == null ? null : a.severity(), a == null ? null : a.source(), suppression(r.a()),
                b == null ? null : b.severity(), b == null ? null : b.source(), suppression(r.b()),
                reason == null ? null : reason.id(), reason == null ? null : reason.text());
    }

    /** Why a side does not report a finding it has: its suppression, or "deleted" when a later scan dropped it. */
    private static String suppression(Side s) {
        if (s == null || s.reports()) return null;
        return s.deletedAt() != null ? "deleted" : s.suppression();
    }

    /** The heuristics of docs/reconciliation.md, in that order. */
    static DriftReason reason(Raw r, Presence p, java.util.function.Supplier<PackageSets> sets) {
        if (p == Presence.BOTH) {
            if (Objects.equals(r.a().severity(), r.b().severity())) return null;
            String sa = norm(r.a().source()), sb = norm(r.b().source());
            if (sa != null && sb != null && sa.contains("nvd") != sb.contains("nvd")) return DriftReason.VENDOR_VS_NVD;
            if (sa != null && sb != null && !sa.equals(sb)) return DriftReason.SEVERITY_SOURCE;
            return DriftReason.RATING;
        }
        Side missing = p == Presence.ONLY_A ? r.b() : r.a();
        if (missing != null) {
            boolean noFix = r.fixed() == null || r.fixed().isBlank();
            if (missing.deletedAt() == null) {
                return "unfixed".equals(missing.suppression()) ? DriftReason.UNFIXED_FILTERED : DriftReason.SUPPRESSED;
            }
            if (noFix) return DriftReason.UNFIXED_FILTERED;
        }
        PackageSets s = sets.get();
        Set<String> other = p == Presence.ONLY_A ? s.b() : s.a();
        return other.contains(versionless(r.purl())) ? DriftReason.VERSION_RANGE : DriftReason.PACKAGE_NOT_DETECTED;
    }

    private static String norm(String s) {
        return s == null || s.isBlank() ? null : s.strip().toLowerCase(Locale.ROOT);
    }

    /** The purl without version, qualifiers or subpath: the package, whichever version a scanner saw. */
    static String versionless(String purl) {
        int end = purl.length();
        for (char c : new char[]{'@', '?', '#'}) {
            int i = purl.indexOf(c);
            if (i >= 0 && i < end) end = i;
        }
        return purl.substring(0, end);
    }

    // ---- parity

    /** The figures of one scope: the fleet (no image, no repository), one repository or one image. */
    Parity parity(DriftQuery q) {
        if (!matchable(q)) return Parity.of(q.image() != null ? q.image() : q.repository(), 0, 0, 0, 0, 0);
        if (q.image() != null) {
            return db.read(h -> {
                List<Raw> raws = imageRaws(h, q);
                long both = 0, onlyA = 0, onlyB = 0, same = 0;
                for (Raw r : raws) {
                    Presence p = r.presence();
                    if (p == null) continue;
                    switch (p) {
                        case BOTH -> {
                            both++;
                            if (Objects.equals(r.a().severity(), r.b().severity())) same++;
                        }
                        case ONLY_A -> onlyA++;
                        case ONLY_B -> onlyB++;
                    }
                }
                boolean compared = !raws.isEmpty() || scannedByBoth(h, q);
                return Parity.of(q.image(), compared ? 1 : 0, both, onlyA, onlyB, same);
            });
        }
        if (q.repository() == null) return fleetParity(q.scannerA(), q.scannerB()).fleet();
        if (q.repository() == null) return fleetParity(q.scannerA(), q.scannerB()).fleet();
        Map<String, Object> args = new HashMap<>();
        args.put("a", q.scannerA());
        args.put("b", q.scannerB());
        String scope = "";
        String imageScope = "";
        if (q.repository() != null) {
            args.put("repository", q.repository());
            scope = " AND f.image_digest IN (" + IN_REPOSITORY + ")";
            imageScope = " WHERE c.image_digest IN (" + IN_REPOSITORY + ")";
        }
        String sql = "SELECT " + SUMS + " FROM " + PAIRS + " JOIN finding f ON f.id = x.finding_id WHERE f.image_digest IN ("
                + COMMON_IMAGES + ")" + scope;
        String images = "SELECT COUNT(*) FROM (" + COMMON_IMAGES + ") c" + imageScope;
        return db.read(h -> {
            long n = h.createQuery(images).bindMap(args).mapTo(Long.class).one();
            return h.createQuery(sql).bindMap(args)
                    .map((rs, ctx) -> Parity.of(q.repository(), n, rs.getLong("both_n"), rs.getLong("only_a"), rs.getLong("only_b"),
                            rs.getLong("same_sev")))
                    .one();
        });
    }

    private static boolean scannedByBoth(Handle h, DriftQuery q) {
        return h.createQuery("SELECT COUNT(DISTINCT scanner) FROM scan WHERE image_digest = :d AND scanner IN (:a, :b)")
                .bind("d", q.image()).bind("a", q.scannerA()).bind("b", q.scannerB()).mapTo(Long.class).one() == 2;
    }

    /**
     * The fleet's figures and every repository's (by name, at most {@value #MAX_REPOSITORIES}) from one pass
     * over the live attributions, summed per image: the fleet and the repositories are then added up from
     * the images' sums (an image may be in several repositories), instead of one pass each.
     */
    FleetParity fleetParity(String a, String b) {
        if (!Bounded.matchable(a) || !Bounded.matchable(b)) return new FleetParity(Parity.of(null, 0, 0, 0, 0, 0), List.of());
        return db.read(h -> {
            Map<String, long[]> perImage = new HashMap<>();
            h.createQuery(COMMON_IMAGES).bind("a", a).bind("b", b).mapTo(String.class).forEach(d -> perImage.put(d, new long[4]));
            h.createQuery("SELECT f.image_digest, " + SUMS + " FROM " + PAIRS + " JOIN finding f ON f.id = x.finding_id"
                            + " WHERE f.image_digest IN (" + COMMON_IMAGES + ") GROUP BY f.image_digest")
                    .bind("a", a).bind("b", b)
                    .map((rs, ctx) -> Map.entry(rs.getString("image_digest"), new long[]{rs.getLong("both_n"), rs.getLong("only_a"),
                            rs.getLong("only_b"), rs.getLong("same_sev")}))
                    .forEach(e -> perImage.put(e.getKey(), e.getValue()));
            long[] fleet = new long[4];
            perImage.values().forEach(v -> add(fleet, v));
            Map<String, long[]> repoSums = new TreeMap<>();
            Map<String, Long> repoImages = new HashMap<>();
            h.createQuery("SELECT DISTINCT repository, digest FROM image_name WHERE digest IN (" + COMMON_IMAGES + ")")
                    .bind("a", a).bind("b", b)
                    .map((rs, ctx) -> Map.entry(rs.getString("repository"), rs.getString("digest")))
                    .forEach(e -> {
                        add(repoSums.computeIfAbsent(e.getKey(), k -> new long[4]), perImage.getOrDefault(e.getValue(), new long[4]));
                        repoImages.merge(e.getKey(), 1L, Long::sum);
                    });
            List<Parity> repositories = repoSums.entrySet().stream().limit(MAX_REPOSITORIES)
                    .map(e -> parity(e.getKey(), repoImages.get(e.getKey()), e.getValue())).toList();
            return new FleetParity(parity(null, perImage.size(), fleet), repositories);
        });
    }

    private static void add(long[] sum, long[] v) {
        for (int i = 0; i < sum.length; i++) sum[i] += v[i];
    }

    private static Parity parity(String scope, long images, long[] v) {
        return Parity.of(scope, images, v[0], v[1], v[2], v[3]);
    }

    private static boolean matchable(DriftQuery q) {
        return Bounded.matchable(q.scannerA()) && Bounded.matchable(q.scannerB())
                && (q.image() == null || Bounded.matchable(q.image())) && (q.repository() == null || Bounded.matchable(q.repository()));
    }

    /** The digest last seen under a name, if any. */
    java.util.Optional<String> digestByName(ImageName name) {
        if (!Bounded.matchable(name.registry()) || !Bounded.matchable(name.repository()) || !Bounded.matchable(name.tag())) {
            return java.util.Optional.empty();
        }
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT digest FROM image_name WHERE registry = :r AND repository = :p AND tag = :t
                        ORDER BY last_seen DESC, digest LIMIT 1""")
                .bind("r", name.registry()).bind("p", name.repository()).bind("t", name.tag())
                .mapTo(String.class).findOne());
    }

    // ---- snapshots

    /** The scanners that uploaded at least one scan, by name (at most 32). */
    List<String> scanners() {
        return jdbi.withHandle(h -> h.createQuery("SELECT DISTINCT scanner FROM scan ORDER BY scanner LIMIT 32").mapTo(String.class).list());
    }

    /** Replaces the snapshot of (a, b, day): the fleet and every repository, in one transaction. */
    void recordSnapshot(String day, String a, String b, Parity fleet, List<Parity> repositories, Instant now) {
        jdbi.useTransaction(h -> {
            h.createUpdate("DELETE FROM parity_snapshot WHERE scanner_a = :a AND scanner_b = :b AND day = :day")
                    .bind("a", a).bind("b", b).bind("day", day).execute();
            var batch = h.prepareBatch("""
                    INSERT INTO parity_snapshot (day, scanner_a, scanner_b, scope_kind, scope, images, both_count, only_a, only_b,
                                                 same_severity, taken_at)
                    VALUES (:day, :a, :b, :kind, :scope, :images, :both, :onlyA, :onlyB, :same, :at)""");
            List<Parity> all = new ArrayList<>();
            all.add(fleet);
            all.addAll(repositories);
            for (Parity p : all) {
                batch.bind("day", day).bind("a", a).bind("b", b).bind("kind", p == fleet ? "fleet" : "repository")
                        .bind("scope", p == fleet ? "" : p.scope()).bind("images", p.images()).bind("both", p.both())
                        .bind("onlyA", p.onlyA()).bind("onlyB", p.onlyB()).bind("same", p.sameSeverity()).bind("at", now.toEpochMilli())
                        .add();
            }
            batch.execute();
        });
    }

    /** Daily figures of the fleet (repository null) or a repository, oldest first; snapshots of (b, a) are read swapped. */
    List<ParityPoint> history(String a, String b, String repository) {
        if (!Bounded.matchable(a) || !Bounded.matchable(b) || (repository != null && !Bounded.matchable(repository))) return List.of();
        List<ParityPoint> points = history(a, b, repository, false);
        if (points.isEmpty()) points = history(b, a, repository, true);
        return points;
    }

    private List<ParityPoint> history(String a, String b, String repository, boolean swap) {
        List<ParityPoint> points = new ArrayList<>(jdbi.withHandle(h -> h.createQuery("""
                        SELECT day, images, both_count, only_a, only_b, same_severity FROM parity_snapshot
                        WHERE scanner_a = :a AND scanner_b = :b AND scope_kind = :kind AND scope = :scope
                        ORDER BY day DESC LIMIT :max""")
                .bind("a", a).bind("b", b).bind("kind", repository == null ? "fleet" : "repository")
                .bind("scope", repository == null ? "" : repository).bind("max", MAX_HISTORY)
                .map((rs, ctx) -> {
                    Parity p = Parity.of(repository, rs.getLong("images"), rs.getLong("both_count"), rs.getLong("only_a"),
                            rs.getLong("only_b"), rs.getLong("same_severity"));
                    return new ParityPoint(rs.getString("day"), swap ? p.swapped() : p);
                })
                .list()));
        Collections.reverse(points);
        return points;
    }
}
