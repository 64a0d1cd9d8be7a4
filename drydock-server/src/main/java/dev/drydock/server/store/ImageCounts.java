package dev.drydock.server.store;

import org.jdbi.v3.core.Handle;

/**
 * The image row's finding counts, recomputed from its findings after every change to them. A finding
 * counts when it is active and at least one live attribution is not suppressed by its scanner's policy.
 * Unchanged counts are not written again (a re-match of an unchanged image must leave its row alone).
 */
final class ImageCounts {
    private ImageCounts() {
    }

    static void refresh(Handle h, String digest) {
        int[] bySeverity = new int[6];
        int[] kev = {0};
        h.createQuery("""
                        SELECT f.severity_rank AS r, COUNT(*) AS n, SUM(v.kev) AS k
                        FROM finding f JOIN vulnerability v ON v.id = f.vuln_id
                        WHERE f.image_digest = :digest AND f.active = 1
                          AND EXISTS (SELECT 1 FROM attribution a
                                      WHERE a.finding_id = f.id AND a.deleted_at IS NULL AND a.suppression IS NULL)
                        GROUP BY f.severity_rank
                        """)
                .bind("digest", digest)
                .map((rs, ctx) -> {
                    int r = rs.getInt("r");
                    if (r >= 0 && r < 6) bySeverity[r] += rs.getInt("n");
                    kev[0] += rs.getInt("k");
                    return r;
                })
                .list();
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
                .bind("o", bySeverity[1] + bySeverity[0]).bind("k", kev[0]).bind("max", max)
                .bind("digest", digest).execute();
    }
}
