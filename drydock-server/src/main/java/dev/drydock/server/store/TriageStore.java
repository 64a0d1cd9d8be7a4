package dev.drydock.server.store;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import dev.drydock.model.Severity;
import org.jdbi.v3.core.Handle;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The triage queue and its decisions. The queue is computed, never stored: one GROUP BY over the active
 * findings of the images named in each repository, joined with the decisions. Every value from a request
 * is a bound parameter; the SQL chosen at run time is a fixed fragment picked by an enum or by whether a
 * filter is set.
 */
final class TriageStore {
    /** The most items an export reads. */
    static final int MAX_EXPORT = 100_000;

    /**
     * Whether a live decision covers finding {@code f} (alias t): a suppressing state, not expired, and, when
     * it holds only until the version changes, the finding still at the decided version.
     */
    private static final String COVERED = "(t.state IN " + TriageState.suppressingSql()
            + " AND (t.expires_at IS NULL OR t.expires_at > :now)"
            + " AND (t.until_version_change = 0 OR f.installed_version = t.decided_version))";

    private final Database db;
    private final Clock clock;

    TriageStore(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** The stable id of an item: the same for the same (repository, package, vulnerability) in every export. */
    static String key(String repository, String packageName, String vulnId) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest((repository + "\n" + packageName + "\n" + vulnId)
                    .getBytes(StandardCharsets.UTF_8));
            return "drydock-triage-" + HexFormat.of().formatHex(h, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    Page<TriageItem> queue(TriageQuery q) {
        if (!matchable(q.repository(), q.assignee())) return new Page<>(List.of(), 0, q.limit(), q.offset());
        Map<String, Object> args = new HashMap<>();
        args.put("now", clock.millis());
        String inner = inner(q.repository(), args);
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        switch (q.state()) {
            case TriageQuery.OPEN -> where.append(" AND q.open_findings > 0");
            case TriageQuery.ALL -> {
            }
            default -> {
                where.append(" AND COALESCE(q.state, 'new') = :state");
                args.put("state", q.state());
            }
        }
        if (q.minSeverity() != null) {
            where.append(" AND q.severity_rank >= :minRank");
            args.put("minRank", Rows.rank(q.minSeverity()));
        }
        if (q.kevOnly()) where.append(" AND q.kev = 1");
        if (q.assignee() != null) {
            where.append(" AND q.assignee = :assignee");
            args.put("assignee", q.assignee());
        }
        long now = clock.millis();
        return db.read(h -> {
            // The total comes with the page (a window count), so the aggregate runs once; only a page past the end
            // needs a second query to say how many there are.
            long[] total = {-1};
            List<TriageItem> items = h.createQuery("SELECT q.*, COUNT(*) OVER () AS total_rows FROM (" + inner + ") q" + where
                            + " ORDER BY " + q.sort().orderBy() + " LIMIT :limit OFFSET :offset")
                    .bindMap(args).bind("limit", q.limit()).bind("offset", q.offset())
                    .map((rs, ctx) -> {
                        total[0] = rs.getLong("total_rows");
                        return item(rs, now);
                    }).list();
            if (total[0] < 0) {
                total[0] = q.offset() == 0 ? 0
                        : h.createQuery("SELECT COUNT(*) FROM (" + inner + ") q" + where).bindMap(args).mapTo(Long.class).one();
            }
            return new Page<>(scanners(h, items), total[0], q.limit(), q.offset());
        });
    }

    /** The per-item aggregate over active findings; {@code repository} (bound) narrows it before grouping. */
    private static String inner(String repository, Map<String, Object> args) {
        String repoFilter = "";
        if (repository != null) {
            repoFilter = " AND n.repository = :repository";
            args.put("repository", repository);
        }
        return """
                SELECT n.repository AS repository, f.package_name AS package_name, f.vuln_id AS vuln_id,
                       COUNT(DISTINCT f.image_digest) AS images, COUNT(*) AS findings,
                       SUM(CASE WHEN %s THEN 0 ELSE 1 END) AS open_findings,
                       MAX(f.severity_rank) AS severity_rank, MAX(v.kev) AS kev, MAX(v.epss_score) AS epss,
                       MAX(CASE WHEN f.fixed_version IS NOT NULL AND f.fixed_version <> '' THEN 1 ELSE 0 END) AS fix_available,
                       MAX(f.fixed_version) AS fixed_version, MIN(f.purl) AS purl, MIN(f.first_seen) AS first_seen,
                       MAX(v.title) AS title, MAX(t.id) AS triage_id, MAX(t.state) AS state, MAX(t.assignee) AS assignee,
                       MAX(t.justification) AS justification, MAX(t.note) AS note, MAX(t.expires_at) AS expires_at,
                       MAX(t.updated_at) AS updated_at
                FROM finding f
                JOIN (SELECT DISTINCT repository, digest FROM image_name) n ON n.digest = f.image_digest
                JOIN vulnerability v ON v.id = f.vuln_id
                LEFT JOIN triage t ON t.repository = n.repository AND t.package_name = f.package_name AND t.vuln_id = f.vuln_id
                WHERE f.active = 1%s
                GROUP BY n.repository, f.package_name, f.vuln_id""".formatted(COVERED, repoFilter);
    }

    /**
     * The scanners behind a page of items, in one query over the page's vulnerabilities and repositories (at most a
     * page of each): driven by the finding's vulnerability index, never by a scan of the attribution table.
     */
    private static List<TriageItem> scanners(Handle h, List<TriageItem> items) {
        if (items.isEmpty()) return items;
        List<String> vulns = items.stream().map(TriageItem::vulnId).distinct().toList();
        List<String> repos = items.stream().map(TriageItem::repository).distinct().toList();
        Map<String, java.util.TreeSet<String>> by = new HashMap<>();
        h.createQuery("SELECT DISTINCT n.repository, f.package_name, f.vuln_id, a.scanner FROM finding f"
                        + " JOIN image_name n ON n.digest = f.image_digest JOIN attribution a ON a.finding_id = f.id"
                        + " WHERE f.active = 1 AND a.deleted_at IS NULL AND f.vuln_id IN (<vulns>) AND n.repository IN (<repos>)")
                .bindList("vulns", vulns).bindList("repos", repos)
                .map((rs, ctx) -> new String[]{rs.getString(1) + "\n" + rs.getString(2) + "\n" + rs.getString(3), rs.getString(4)})
                .forEach(r -> by.computeIfAbsent(r[0], k -> new java.util.TreeSet<>()).add(r[1]));
        return items.stream().map(i -> i.withScanners(List.copyOf(
                by.getOrDefault(i.repository() + "\n" + i.packageName() + "\n" + i.vulnId(), new java.util.TreeSet<>())))).toList();
    }

    private static TriageItem item(ResultSet rs, long now) throws SQLException {
        long tid = rs.getLong("triage_id");
        Long decision = rs.wasNull() ? null : tid;
        String state = rs.getString("state");
        Instant expires = Rows.instant(rs, "expires_at");
        String repository = rs.getString("repository");
        String pkg = rs.getString("package_name");
        String vuln = rs.getString("vuln_id");
        return new TriageItem(key(repository, pkg, vuln), decision, repository, pkg, vuln, rs.getString("purl"),
                rs.getString("title"), severityOfRank(rs.getInt("severity_rank")), rs.getInt("kev") == 1, Rows.dbl(rs, "epss"),
                rs.getInt("fix_available") == 1, rs.getString("fixed_version"), rs.getInt("images"), rs.getInt("findings"),
                state == null ? TriageState.NEW : TriageState.parse(state), rs.getLong("open_findings") == 0,
                expires != null && expires.toEpochMilli() <= now, rs.getString("assignee"), rs.getString("justification"),
                rs.getString("note"), expires, Rows.instant(rs, "first_seen"), Rows.instant(rs, "updated_at"), List.of());
    }

    static Severity severityOfRank(int rank) {
        for (Severity s : Severity.values()) if (Rows.rank(s) == rank) return s;
        return Severity.UNKNOWN;
    }

    /**
     * Records a decision, replacing the previous one on the same item, with one history row per changed field,
     * in one transaction. Empty when no image of the repository ever had a finding of this vulnerability in this
     * package (there is nothing to decide about).
     */
    Optional<TriageRecord> decide(TriageDecision d, String actor) {
        String repository = Bounded.key(d.repository(), Bounded.KEY_BYTES);
        String pkg = Bounded.key(d.packageName(), Bounded.KEY_BYTES);
        String vuln = Bounded.key(d.vulnId(), Bounded.SHORT_KEY_BYTES);
        String who = Bounded.text(actor == null ? "unknown" : actor, Bounded.SHORT_KEY_BYTES);
        long now = clock.millis();
        // A concurrent first decision on the same item may insert between our read and our insert: then the insert
        // does nothing, and the second attempt finds the row and updates it.
        for (int attempt = 0; ; attempt++) {
            Optional<Long> id = decideOnce(repository, pkg, vuln, who, now, d);
            if (id.isEmpty() || id.get() != RETRY || attempt == 2) {
                return id.filter(x -> x != RETRY).flatMap(this::get);
            }
        }
    }

    private static final long RETRY = -1;

    private Optional<Long> decideOnce(String repository, String pkg, String vuln, String who, long now, TriageDecision d) {
        return db.jdbi().inTransaction(h -> {
            // the package as findings name it: purl and installed version, active findings first
            record Found(String purl, String version) {
            }
            Optional<Found> found = h.createQuery("""
                            SELECT f.purl, f.installed_version FROM finding f
                            WHERE f.package_name = :pkg AND f.vuln_id = :vuln
                              AND f.image_digest IN (SELECT digest FROM image_name WHERE repository = :repo)
                            ORDER BY f.active DESC, f.last_seen DESC, f.id DESC LIMIT 1
                            """)
                    .bind("pkg", pkg).bind("vuln", vuln).bind("repo", repository)
                    .map((rs, ctx) -> new Found(rs.getString("purl"), rs.getString("installed_version"))).findOne();
            if (found.isEmpty()) return Optional.<Long>empty();
            Map<String, String> next = new LinkedHashMap<>();
            next.put("state", d.state().id());
            next.put("justification", Bounded.text(d.justification(), Bounded.SHORT_KEY_BYTES));
            next.put("note", Bounded.text(d.note(), Bounded.VALUE));
            next.put("assignee", Bounded.text(d.assignee(), Bounded.SHORT_KEY_BYTES));
            next.put("expires_at", d.expiresAt() == null ? null : Long.toString(d.expiresAt().toEpochMilli()));
            next.put("until_version_change", d.untilVersionChange() ? "1" : "0");
            next.put("decided_version", Bounded.text(found.get().version(), Bounded.VALUE));
            Optional<Map<String, Object>> old = h.createQuery("""
                            SELECT id, state, justification, note, assignee, expires_at, until_version_change, decided_version
                            FROM triage WHERE repository = :repo AND package_name = :pkg AND vuln_id = :vuln""" + db.dialect().forUpdate())
                    .bind("repo", repository).bind("pkg", pkg).bind("vuln", vuln).mapToMap().findOne();
            long tid;
            Map<String, String> before = new LinkedHashMap<>();
            if (old.isEmpty()) {
                Optional<Long> inserted = h.createQuery("""
                                INSERT INTO triage (repository, package_name, vuln_id, state, justification, note, assignee, expires_at,
                                                    until_version_change, decided_version, purl, created_by, created_at, updated_by, updated_at)
                                VALUES (:repo, :pkg, :vuln, :state, :justification, :note, :assignee, :expires, :uvc, :version, :purl,
                                        :who, :now, :who, :now)
                                ON CONFLICT (repository, package_name, vuln_id) DO NOTHING
                                RETURNING id""")
                        .bind("repo", repository).bind("pkg", pkg).bind("vuln", vuln).bind("purl", basePurl(found.get().purl()))
                        .bind("state", next.get("state")).bind("justification", next.get("justification")).bind("note", next.get("note"))
                        .bind("assignee", next.get("assignee")).bind("expires", Rows.millis(d.expiresAt()))
                        .bind("uvc", d.untilVersionChange() ? 1 : 0).bind("version", next.get("decided_version"))
                        .bind("who", who).bind("now", now).mapTo(Long.class).findOne();
                if (inserted.isEmpty()) return Optional.of(RETRY);
                tid = inserted.get();
            } else {
                Map<String, Object> o = old.get();
                tid = ((Number) o.get("id")).longValue();
                for (String field : next.keySet()) {
                    Object v = o.get(field);
                    before.put(field, v == null ? null : v.toString());
                }
                h.createUpdate("""
                                UPDATE triage SET state = :state, justification = :justification, note = :note, assignee = :assignee,
                                       expires_at = :expires, until_version_change = :uvc, decided_version = :version,
                                       purl = COALESCE(purl, :purl), updated_by = :who, updated_at = :now
                                WHERE id = :id""")
                        .bind("state", next.get("state")).bind("justification", next.get("justification")).bind("note", next.get("note"))
                        .bind("assignee", next.get("assignee")).bind("expires", Rows.millis(d.expiresAt()))
                        .bind("uvc", d.untilVersionChange() ? 1 : 0).bind("version", next.get("decided_version"))
                        .bind("purl", basePurl(found.get().purl())).bind("who", who).bind("now", now).bind("id", tid).execute();
            }
            var events = h.prepareBatch("INSERT INTO triage_event (triage_id, at, actor, field, old_value, new_value) "
                    + "VALUES (:tid, :at, :actor, :field, :old, :new)");
            int n = 0;
            for (Map.Entry<String, String> e : next.entrySet()) {
                String was = before.get(e.getKey());
                if (old.isPresent() && Objects.equals(was, e.getValue())) continue;
                if (old.isEmpty() && e.getValue() == null) continue;
                events.bind("tid", tid).bind("at", now).bind("actor", who).bind("field", e.getKey())
                        .bind("old", was).bind("new", e.getValue()).add();
                n++;
            }
            if (n > 0) events.execute();
            return Optional.of(tid);
        });
    }

    /** The purl without version, qualifiers and subpath: the package across its versions. */
    static String basePurl(String purl) {
        if (purl == null) return null;
        try {
            PackageURL p = new PackageURL(purl);
            return new PackageURL(p.getType(), p.getNamespace(), p.getName(), null, null, null).canonicalize();
        } catch (MalformedPackageURLException e) {
            int at = purl.indexOf('@');
            int q = purl.indexOf('?');
            int end = at >= 0 ? at : q >= 0 ? q : purl.length();
            return purl.substring(0, end);
        }
    }

    Optional<TriageRecord> get(long id) {
        return db.read(h -> h.createQuery("SELECT * FROM triage WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> record(rs, comments(h, id), history(h, id))).findOne());
    }

    Optional<TriageRecord.Comment> comment(long triageId, String author, String body) {
        long now = clock.millis();
        return db.jdbi().inTransaction(h -> {
            if (h.createQuery("SELECT COUNT(*) FROM triage WHERE id = :id").bind("id", triageId).mapTo(Integer.class).one() == 0) {
                return Optional.empty();
            }
            String who = Bounded.text(author == null ? "unknown" : author, Bounded.SHORT_KEY_BYTES);
            String text = Bounded.text(body, Bounded.DESCRIPTION);
            long id = h.createQuery("INSERT INTO triage_comment (triage_id, at, author, body) VALUES (:t, :at, :a, :b) RETURNING id")
                    .bind("t", triageId).bind("at", now).bind("a", who).bind("b", text).mapTo(Long.class).one();
            return Optional.of(new TriageRecord.Comment(id, Instant.ofEpochMilli(now), who, text));
        });
    }

    /** Every decision (of one repository, when given), in (repository, package, vulnerability) order; no comments or history. */
    List<TriageRecord> decisions(String repository) {
        if (repository != null && !Bounded.matchable(repository)) return List.of();
        return db.read(h -> h.createQuery("SELECT * FROM triage" + (repository == null ? "" : " WHERE repository = :repo")
                        + " ORDER BY repository, package_name, vuln_id, id LIMIT " + MAX_EXPORT)
                .bindMap(repository == null ? Map.of() : Map.of("repo", repository))
                .map((rs, ctx) -> record(rs, List.of(), List.of())).list());
    }

    private static List<TriageRecord.Comment> comments(Handle h, long id) {
        return h.createQuery("SELECT id, at, author, body FROM triage_comment WHERE triage_id = :id ORDER BY id").bind("id", id)
                .map((rs, ctx) -> new TriageRecord.Comment(rs.getLong("id"), Rows.instant(rs, "at"), rs.getString("author"),
                        rs.getString("body"))).list();
    }

    private static List<TriageRecord.Event> history(Handle h, long id) {
        return h.createQuery("SELECT id, at, actor, field, old_value, new_value FROM triage_event WHERE triage_id = :id ORDER BY id")
                .bind("id", id)
                .map((rs, ctx) -> new TriageRecord.Event(rs.getLong("id"), Rows.instant(rs, "at"), rs.getString("actor"),
                        rs.getString("field"), rs.getString("old_value"), rs.getString("new_value"))).list();
    }

    private static TriageRecord record(ResultSet rs, List<TriageRecord.Comment> comments, List<TriageRecord.Event> history)
            throws SQLException {
        String repository = rs.getString("repository");
        String pkg = rs.getString("package_name");
        String vuln = rs.getString("vuln_id");
        return new TriageRecord(rs.getLong("id"), key(repository, pkg, vuln), repository, pkg, vuln, rs.getString("purl"),
                TriageState.parse(rs.getString("state")), rs.getString("justification"), rs.getString("note"),
                rs.getString("assignee"), Rows.instant(rs, "expires_at"), rs.getInt("until_version_change") == 1,
                rs.getString("decided_version"), rs.getString("created_by"), Rows.instant(rs, "created_at"),
                rs.getString("updated_by"), Rows.instant(rs, "updated_at"), comments, history);
    }

    /**
     * The live decision state on each of an image's findings (by finding id), for the image page: the decisions on
     * the image's repositories that apply to the finding now (not expired, version unchanged when that is asked).
     */
    Map<Long, TriageState> onImage(Handle h, String digest, List<FindingKeyRow> findings) {
        Map<Long, TriageState> out = new HashMap<>();
        if (findings.isEmpty()) return out;
        record D(String pkg, String vuln, TriageState state, Long expires, boolean uvc, String version) {
        }
        Map<String, List<D>> byItem = new HashMap<>();
        h.createQuery("""
                        SELECT package_name, vuln_id, state, expires_at, until_version_change, decided_version FROM triage
                        WHERE repository IN (SELECT DISTINCT repository FROM image_name WHERE digest = :d)
                        ORDER BY repository""")
                .bind("d", digest)
                .map((rs, ctx) -> {
                    long e = rs.getLong("expires_at");
                    Long exp = rs.wasNull() ? null : e;
                    return new D(rs.getString("package_name"), rs.getString("vuln_id"), TriageState.parse(rs.getString("state")),
                            exp, rs.getInt("until_version_change") == 1, rs.getString("decided_version"));
                })
                .forEach(d -> byItem.computeIfAbsent(d.pkg() + "\n" + d.vuln(), k -> new ArrayList<>()).add(d));
        if (byItem.isEmpty()) return out;
        long now = clock.millis();
        for (FindingKeyRow f : findings) {
            TriageState best = null;
            for (D d : byItem.getOrDefault(f.packageName() + "\n" + f.vulnId(), List.of())) {
                if (d.expires() != null && d.expires() <= now) continue;
                if (d.uvc() && !Objects.equals(d.version(), f.installedVersion())) continue;
                // a suppressing decision in one repository wins over a non-suppressing one in another
                if (best == null || (!best.suppresses() && d.state().suppresses())) best = d.state();
            }
            if (best != null) out.put(f.id(), best);
        }
        return out;
    }

    record FindingKeyRow(long id, String packageName, String vulnId, String installedVersion) {
    }

    private static boolean matchable(String... values) {
        for (String v : values) if (v != null && !Bounded.matchable(v)) return false;
        return true;
    }
}
