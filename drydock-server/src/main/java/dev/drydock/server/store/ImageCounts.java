package dev.drydock.server.store;

import org.jdbi.v3.core.Handle;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The image row's finding counts, recomputed from its findings after every change to them. A finding
 * counts when it is active and at least one live attribution is not suppressed by its scanner's policy.
 * Unchanged counts are not written again (a re-match of an unchanged image must leave its row alone).
 */
final class ImageCounts {
    private ImageCounts() {
    }

    static void refresh(Handle h, String digest) {
        record Active(long id, int rank, boolean kev) {
        }
        List<Active> active = h.createQuery("""
                        SELECT f.id, f.severity_rank, v.kev FROM finding f JOIN vulnerability v ON v.id = f.vuln_id
                        WHERE f.image_digest = :digest AND f.active = 1
                        """)
                .bind("digest", digest)
                .map((rs, ctx) -> new Active(rs.getLong("id"), rs.getInt("severity_rank"), rs.getInt("kev") == 1))
                .list();
        Set<Long> counted = new HashSet<>(ByFinding.query(h, """
                        SELECT DISTINCT finding_id FROM attribution
                        WHERE finding_id IN (<ids>) AND deleted_at IS NULL AND suppression IS NULL
                        """, active.stream().map(Active::id).toList(), (rs, ctx) -> rs.getLong(1)));
        int[] bySeverity = new int[6];
        int kev = 0;
        for (Active a : active) {
            if (!counted.contains(a.id())) continue;
            if (a.rank() >= 0 && a.rank() < 6) bySeverity[a.rank()]++;
            if (a.kev()) kev++;
        }
        int max = -1;
        for (int r = 5; r >= 0; r--) {
            if (bySeverity[r] > 0) {
                max = r;
                break;
            }
        }
        h.createUpdate("""
                        UPDATE image SET critical_count = :c, high_count = :h, medium_count = :m, low_count = :l,
                            other_count = :o, kev_count = :k, max_severity = :max
                        WHERE digest = :digest
                          AND NOT (critical_count = :c AND high_count = :h AND medium_count = :m AND low_count = :l
                                   AND other_count = :o AND kev_count = :k AND max_severity = :max)
                        """)
                .bind("c", bySeverity[5]).bind("h", bySeverity[4]).bind("m", bySeverity[3]).bind("l", bySeverity[2])
                .bind("o", bySeverity[1] + bySeverity[0]).bind("k", kev).bind("max", max)
                .bind("digest", digest).execute();
    }
}
