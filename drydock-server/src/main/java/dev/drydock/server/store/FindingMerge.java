package dev.drydock.server.store;

import dev.drydock.model.Finding;
import dev.drydock.model.Suppression;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Merges one scanner's whole view of an image into the image's findings: the findings it reports, its
 * attributions, the attributions it no longer makes, and the exposure events that follow. Shared by
 * uploads ({@link ScanWriter}) and server-side re-matches ({@link RematchWriter}).
 *
 * <p>The image's rows are read once, compared in memory, and written in a handful of batched statements
 * whatever the number of findings: a re-match of thousands of images must not cost a round trip per
 * finding. The caller holds the image's row lock (see {@link ScanWriter}).
 */
final class FindingMerge {
    /**
     * UPLOAD: the scanner reported every finding just now, so every reported row gets this scan and
     * last_seen, and suppressions are the upload's own. REMATCH: the server matched the stored packages
     * again; only rows whose values change are written (a fleet re-match after a database update would
     * otherwise rewrite every finding of every image), and suppressions of findings that persist are
     * carried over from the scanner's earlier attribution, since the server has no ignore file or VEX.
     */
    enum Mode { UPLOAD, REMATCH }

    /** What the merge changed: exposure events written, finding and attribution rows inserted or updated. */
    record Result(int appeared, int disappeared, int rowsWritten, int unsuppressed, int attributionsAdded,
                  int attributionsKept, int attributionsEnded) {
        boolean changedAnything() {
            return rowsWritten > 0;
        }
    }

    private record FindingValues(String name, String installed, String fixed, String status, String severity, int rank,
                                 String source) {
        static FindingValues of(Finding f) {
            return new FindingValues(Bounded.text(f.pkg().name(), Bounded.VALUE), Bounded.text(f.installedVersion(), Bounded.VALUE),
                    Bounded.text(f.firstFixedVersion(), Bounded.VALUE), f.status().id(), f.severity().id(), Rows.rank(f.severity()),
                    Bounded.text(f.severitySource(), Bounded.SHORT_KEY_BYTES));
        }

        Map<String, Object> bindings() {
            Map<String, Object> m = new HashMap<>();
            m.put("name", name);
            m.put("installed", installed);
            m.put("fixed", fixed);
            m.put("status", status);
            m.put("severity", severity);
            m.put("rank", rank);
            m.put("source", source);
            return m;
        }
    }

    private record Stored(long id, boolean active, FindingValues values) {
    }

    private record AttributionValues(String nativeId, String severity, String source, String suppression, String reason) {
    }

    private record StoredAttribution(AttributionValues values, boolean live) {
    }

    private FindingMerge() {
    }

    static Result merge(Handle h, String digest, String scanner, long scanId, Map<FindingKey, Finding> incoming, long now, Mode mode) {
        Map<FindingKey, Stored> stored = readFindings(h, digest);
        Map<Long, StoredAttribution> attributions = readAttributions(h, ids(stored), scanner);
        int written = 0;

        // New findings: inserted active, since this scanner's live attribution follows in the same
        // transaction; the transition step writes their "appeared" events.
        Set<FindingKey> added = new java.util.TreeSet<>();
        for (FindingKey k : incoming.keySet()) if (!stored.containsKey(k)) added.add(k);
        if (!added.isEmpty()) {
            PreparedBatch insert = h.prepareBatch("""
                    INSERT INTO finding (image_digest, vuln_id, purl, package_name, installed_version, fixed_version,
                                         status, severity, severity_rank, severity_source, first_seen, last_seen, active)
                    VALUES (:digest, :vulnId, :purl, :name, :installed, :fixed, :status, :severity, :rank, :source, :now, :now, 1)
                    """);
            for (FindingKey k : added) {
                insert.bind("digest", digest).bind("vulnId", k.vulnId()).bind("purl", k.purl()).bind("now", now)
                        .bindMap(FindingValues.of(incoming.get(k)).bindings()).add();
            }
            insert.execute();
            written += added.size();
            Map<FindingKey, Stored> reread = readFindings(h, digest);
            for (FindingKey k : added) stored.put(k, reread.get(k));
        }

        // Reported findings that were there before: an upload refreshes them all (last_seen, latest values);
        // a re-match writes only those whose values changed. Where drydock itself reports a finding, its
        // values (severity, fixed version) stay the finding's own: another scanner's import only adds its
        // attribution and last_seen, so that an import never moves an image's counts under drydock's gate.
        Set<Long> drydockOwned = scanner.equals(ScanUpload.DRYDOCK) ? Set.of() : new HashSet<>(ByFinding.query(h,
                "SELECT finding_id FROM attribution WHERE finding_id IN (<ids>) AND scanner = '" + ScanUpload.DRYDOCK + "' AND deleted_at IS NULL",
                ids(stored), (rs, ctx) -> rs.getLong(1)));
        PreparedBatch update = h.prepareBatch("""
                UPDATE finding SET package_name = :name, installed_version = :installed, fixed_version = :fixed,
                    status = :status, severity = :severity, severity_rank = :rank, severity_source = :source, last_seen = :now
                WHERE id = :id
                """);
        Map<Long, String> severityNow = new HashMap<>(); // finding id -> severity after this merge
        stored.values().forEach(s -> severityNow.put(s.id(), s.values().severity()));
        int updates = 0;
        for (var e : new TreeMap<>(incoming).entrySet()) {
            if (added.contains(e.getKey())) continue;
            Stored s = stored.get(e.getKey());
            FindingValues v = drydockOwned.contains(s.id()) ? s.values() : FindingValues.of(e.getValue());
            severityNow.put(s.id(), v.severity());
            if (mode == Mode.REMATCH && v.equals(s.values())) continue;
            update.bindMap(v.bindings()).bind("now", now).bind("id", s.id()).add();
            updates++;
        }
        if (updates > 0) update.execute();
        written += updates;

        // This scanner's attributions of what it reports.
        PreparedBatch insertAttribution = h.prepareBatch("""
                INSERT INTO attribution (finding_id, scanner, native_id, severity, severity_source, suppression,
                                         suppression_reason, scan_id, first_seen, last_seen, deleted_at)
                VALUES (:findingId, :scanner, :nativeId, :severity, :source, :suppression, :reason, :scanId, :now, :now, NULL)
                """);
        PreparedBatch updateAttribution = h.prepareBatch("""
                UPDATE attribution SET native_id = :nativeId, severity = :severity, severity_source = :source,
                    suppression = :suppression, suppression_reason = :reason, scan_id = :scanId, last_seen = :now, deleted_at = NULL
                WHERE finding_id = :findingId AND scanner = :scanner
                """);
        int inserted = 0;
        int refreshed = 0;
        int unsuppressed = 0;
        Set<Long> reported = new HashSet<>();
        for (var e : new TreeMap<>(incoming).entrySet()) {
            long id = stored.get(e.getKey()).id();
            reported.add(id);
            StoredAttribution before = attributions.get(id);
            AttributionValues want = attribution(e.getValue(), before, mode);
            if (want.suppression() == null) unsuppressed++;
            Map<String, Object> b = new HashMap<>();
            b.put("findingId", id);
            b.put("scanner", scanner);
            b.put("nativeId", want.nativeId());
            b.put("severity", want.severity());
            b.put("source", want.source());
            b.put("suppression", want.suppression());
            b.put("reason", want.reason());
            b.put("scanId", scanId);
            b.put("now", now);
            if (before == null) {
                insertAttribution.bindMap(b).add();
                inserted++;
            } else if (mode == Mode.UPLOAD || !before.live() || !before.values().equals(want)) {
                updateAttribution.bindMap(b).add();
                refreshed++;
            }
        }
        if (inserted > 0) insertAttribution.execute();
        if (refreshed > 0) updateAttribution.execute();
        written += inserted + refreshed;

        // The scanner looked at the whole image and no longer reports these: its claim ends.
        List<Long> gone = attributions.entrySet().stream()
                .filter(e -> e.getValue().live() && !reported.contains(e.getKey()))
                .map(Map.Entry::getKey).sorted().toList();
        if (!gone.isEmpty()) {
            PreparedBatch end = h.prepareBatch("UPDATE attribution SET deleted_at = :now WHERE finding_id = :id AND scanner = :scanner");
            for (long id : gone) end.bind("now", now).bind("id", id).bind("scanner", scanner).add();
            end.execute();
            written += gone.size();
        }

        // Which findings are active now can only have changed where an attribution did.
        boolean liveChanged = inserted > 0 || gone.size() > 0
                || attributions.entrySet().stream().anyMatch(e -> !e.getValue().live() && reported.contains(e.getKey()));
        int[] events = {0, 0};
        if (mode == Mode.UPLOAD || liveChanged) {
            Set<Long> addedIds = new HashSet<>();
            for (FindingKey k : added) addedIds.add(stored.get(k).id());
            events = writeTransitions(h, scanId, stored, addedIds, severityNow, now);
            written += events[0] + events[1];
        }
        return new Result(events[0], events[1], written, unsuppressed, inserted, reported.size() - inserted, gone.size());
    }

    /**
     * The attribution a reported finding should have. In a re-match the scanner's earlier suppression
     * (from the upload's ignore file or VEX) is kept; "unfixed" only while the finding still has no fix.
     */
    private static AttributionValues attribution(Finding f, StoredAttribution before, Mode mode) {
        String nativeId = Bounded.key(f.id(), Bounded.SHORT_KEY_BYTES);
        String severity = f.severity().id();
        String source = Bounded.text(f.severitySource(), Bounded.SHORT_KEY_BYTES);
        if (mode == Mode.UPLOAD) {
            return new AttributionValues(nativeId, severity, source,
                    f.suppression() == null ? null : f.suppression().kind().id(),
                    f.suppression() == null ? null : Bounded.text(f.suppression().reason(), Bounded.VALUE));
        }
        String suppression = before == null ? null : before.values().suppression();
        String reason = before == null ? null : before.values().reason();
        if (Suppression.Kind.UNFIXED.id().equals(suppression) && f.firstFixedVersion() != null) {
            suppression = null;
            reason = null;
        }
        return new AttributionValues(nativeId, severity, source, suppression, suppression == null ? null : reason);
    }

    private static Map<FindingKey, Stored> readFindings(Handle h, String digest) {
        Map<FindingKey, Stored> out = new HashMap<>();
        h.createQuery("""
                        SELECT id, vuln_id, purl, active, package_name, installed_version, fixed_version, status, severity,
                               severity_rank, severity_source
                        FROM finding WHERE image_digest = :digest
                        """)
                .bind("digest", digest)
                .map((rs, ctx) -> Map.entry(new FindingKey(rs.getString("vuln_id"), rs.getString("purl")),
                        new Stored(rs.getLong("id"), rs.getInt("active") == 1, new FindingValues(rs.getString("package_name"),
                                rs.getString("installed_version"), rs.getString("fixed_version"), rs.getString("status"),
                                rs.getString("severity"), rs.getInt("severity_rank"), rs.getString("severity_source")))))
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    private static Map<Long, StoredAttribution> readAttributions(Handle h, Collection<Long> findingIds, String scanner) {
        Map<Long, StoredAttribution> out = new HashMap<>();
        for (var e : ByFinding.query(h, """
                        SELECT finding_id, scanner, native_id, severity, severity_source, suppression, suppression_reason, deleted_at
                        FROM attribution WHERE finding_id IN (<ids>)
                        """, findingIds, (rs, ctx) -> {
                    AttributionValues v = new AttributionValues(rs.getString("native_id"), rs.getString("severity"),
                            rs.getString("severity_source"), rs.getString("suppression"), rs.getString("suppression_reason"));
                    rs.getLong("deleted_at");
                    boolean live = rs.wasNull();
                    return scanner.equals(rs.getString("scanner")) ? Map.entry(rs.getLong("finding_id"), new StoredAttribution(v, live)) : null;
                })) {
            if (e != null) out.put(e.getKey(), e.getValue());
        }
        return out;
    }

    private static List<Long> ids(Map<FindingKey, Stored> stored) {
        return stored.values().stream().map(Stored::id).sorted().toList();
    }

    /**
     * Compares each finding's stored active flag with whether it has a live attribution now, and writes
     * the changes with one event each: {appeared, disappeared}. Findings {@code added} in this merge were
     * inserted active: they only get their event.
     */
    private static int[] writeTransitions(Handle h, long scanId, Map<FindingKey, Stored> stored, Set<Long> added,
                                          Map<Long, String> severityNow, long now) {
        Set<Long> live = new HashSet<>(ByFinding.query(h,
                "SELECT DISTINCT finding_id FROM attribution WHERE finding_id IN (<ids>) AND deleted_at IS NULL",
                ids(stored), (rs, ctx) -> rs.getLong(1)));
        Map<Long, Boolean> changes = new TreeMap<>();
        for (Stored s : stored.values()) {
            boolean active = live.contains(s.id());
            if (added.contains(s.id()) ? active : active != s.active()) changes.put(s.id(), active);
        }
        int[] counts = {0, 0};
        if (changes.isEmpty()) return counts;
        PreparedBatch flag = h.prepareBatch("UPDATE finding SET active = :active WHERE id = :id");
        PreparedBatch event = h.prepareBatch("""
                INSERT INTO finding_event (finding_id, at, kind, severity, scan_id) VALUES (:id, :now, :kind, :severity, :scanId)
                """);
        int flags = 0;
        for (var c : changes.entrySet()) {
            boolean active = c.getValue();
            if (!added.contains(c.getKey())) {
                flag.bind("active", active ? 1 : 0).bind("id", c.getKey()).add();
                flags++;
            }
            event.bind("id", c.getKey()).bind("now", now).bind("kind", active ? "appeared" : "disappeared")
                    .bind("severity", Objects.requireNonNull(severityNow.get(c.getKey()))).bind("scanId", scanId).add();
            counts[active ? 0 : 1]++;
        }
        if (flags > 0) flag.execute();
        event.execute();
        return counts;
    }
}
