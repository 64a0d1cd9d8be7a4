package dev.drydock.server.store;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.util.List;

/**
 * Links images to their base image. An image is built on another when the other's layers are a proper
 * prefix of its own (same diff ids at the same positions): the longest such image in the inventory is its
 * base, and its layers up to there come from the base. An image that declares its base
 * ({@code org.opencontainers.image.base.digest}) keeps that declaration; its layers are marked when the
 * declared base is in the inventory and really is a prefix.
 *
 * <p>Run after every stored scan, in both directions: a new image may be the base of images stored before it.
 */
final class BaseImages {
    static final String ANNOTATION = "org.opencontainers.image.base.digest";

    private final Jdbi jdbi;

    BaseImages(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** @param declared whether this upload declared the image's base (the writer stored it as base_digest) */
    void link(String digest, boolean declared) {
        jdbi.useTransaction(h -> {
            if (declared) h.createUpdate("UPDATE image SET base_source = 'declared' WHERE digest = :d").bind("d", digest).execute();
            int layers = layerCount(h, digest);
            if (layers == 0) return;
            linkToParent(h, digest, layers);
            for (String child : children(h, digest, layers)) linkToParent(h, child, layerCount(h, child));
        });
    }

    private static void linkToParent(Handle h, String digest, int layers) {
        String declared = h.createQuery("SELECT base_digest FROM image WHERE digest = :d AND base_source = 'declared'")
                .bind("d", digest).mapTo(String.class).findOne().orElse(null);
        String base = null;
        int baseLayers = 0;
        for (Prefix p : prefixes(h, digest)) {
            if (p.layers() >= layers) continue; // the same layers: a re-tag or another manifest of the same image
            if (declared != null && !declared.equals(p.digest())) continue;
            if (p.layers() > baseLayers) {
                base = p.digest();
                baseLayers = p.layers();
            }
        }
        if (base == null) return;
        if (declared == null) {
            h.createUpdate("UPDATE image SET base_digest = :b, base_source = 'layers' WHERE digest = :d").bind("b", base).bind("d", digest).execute();
        }
        h.createUpdate("UPDATE image_layer SET from_base = CASE WHEN idx < :n THEN 1 ELSE 0 END WHERE image_digest = :d")
                .bind("n", baseLayers).bind("d", digest).execute();
    }

    private record Prefix(String digest, int layers) {
    }

    /** Images whose whole layer list is a prefix of this image's (joined on position and diff id). */
    private static List<Prefix> prefixes(Handle h, String digest) {
        return h.createQuery("""
                        SELECT c.image_digest, COUNT(*) AS n
                        FROM image_layer mine
                        JOIN image_layer c ON c.idx = mine.idx AND c.diff_id = mine.diff_id AND c.image_digest <> mine.image_digest
                        WHERE mine.image_digest = :d
                        GROUP BY c.image_digest
                        HAVING COUNT(*) = (SELECT COUNT(*) FROM image_layer t WHERE t.image_digest = c.image_digest)
                        """)
                .bind("d", digest)
                .map((rs, ctx) -> new Prefix(rs.getString("image_digest"), rs.getInt("n")))
                .list();
    }

    /** Images with more layers that start with all of this image's layers: it may be their (better) base. */
    private static List<String> children(Handle h, String digest, int layers) {
        return h.createQuery("""
                        SELECT c.image_digest
                        FROM image_layer mine
                        JOIN image_layer c ON c.idx = mine.idx AND c.diff_id = mine.diff_id AND c.image_digest <> mine.image_digest
                        WHERE mine.image_digest = :d
                          AND c.image_digest IN (SELECT image_digest FROM image_layer WHERE idx = :n)
                        GROUP BY c.image_digest
                        HAVING COUNT(*) = :n
                        ORDER BY c.image_digest
                        """)
                .bind("d", digest).bind("n", layers)
                .mapTo(String.class).list();
    }

    private static int layerCount(Handle h, String digest) {
        return h.createQuery("SELECT COUNT(*) FROM image_layer WHERE image_digest = :d AND diff_id IS NOT NULL")
                .bind("d", digest).mapTo(Integer.class).one();
    }
}
