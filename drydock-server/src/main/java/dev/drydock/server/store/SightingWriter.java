package dev.drydock.server.store;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.time.Clock;
import java.util.List;

/**
 * Records sightings. An image never scanned gets a row of its own (no metadata, no findings), so that
 * the inventory lists it with its gap rather than not at all.
 */
final class SightingWriter {
    private final Jdbi jdbi;
    private final Clock clock;

    SightingWriter(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    void record(List<Sighting> sightings) {
        Bounded.count("sightings", sightings.size(), Bounded.MAX_NAMES);
        for (Sighting s : sightings) Bounded.count("image names", s.names().size(), Bounded.MAX_NAMES);
        // Sorted by digest: two batches touching the same images lock their rows in the same order.
        List<Sighting> sorted = sightings.stream().sorted(java.util.Comparator.comparing(Sighting::digest)).toList();
        jdbi.useTransaction(h -> {
            long now = clock.millis();
            for (Sighting s : sorted) record(h, s, now);
        });
    }

    private static void record(Handle h, Sighting s, long now) {
        String name = s.names().isEmpty() ? null : Bounded.text(s.names().get(0).toString(), Bounded.KEY_BYTES);
        h.createUpdate("""
                        INSERT INTO image (digest, labels, primary_name, first_seen, last_seen)
                        VALUES (:digest, '{}', :name, :now, :now)
                        ON CONFLICT (digest) DO UPDATE SET last_seen = excluded.last_seen,
                            primary_name = COALESCE(image.primary_name, excluded.primary_name)
                        """)
                .bind("digest", s.digest()).bind("name", name).bind("now", now).execute();
        for (ImageName n : s.names()) {
            h.createUpdate("""
                            INSERT INTO image_name (registry, repository, tag, digest, first_seen, last_seen)
                            VALUES (:registry, :repository, :tag, :digest, :now, :now)
                            ON CONFLICT (registry, repository, tag, digest) DO UPDATE SET last_seen = excluded.last_seen
                            """)
                    .bind("registry", Bounded.key(n.registry(), Bounded.SHORT_KEY_BYTES))
                    .bind("repository", Bounded.key(n.repository(), Bounded.KEY_BYTES))
                    .bind("tag", Bounded.key(n.tag(), Bounded.SHORT_KEY_BYTES))
                    .bind("digest", s.digest()).bind("now", now).execute();
        }
        h.createUpdate("""
                        INSERT INTO image_stage (image_digest, stage, first_seen, last_seen, last_scanned_at)
                        VALUES (:digest, :stage, :now, :now, NULL)
                        ON CONFLICT (image_digest, stage) DO UPDATE SET last_seen = excluded.last_seen
                        """)
                .bind("digest", s.digest()).bind("stage", s.stage().id()).bind("now", now).execute();
        Sighting.Workload w = s.workload();
        if (w != null) {
            h.createUpdate("""
                            INSERT INTO workload (cluster, namespace, kind, name, container, image_digest, replicas, exposure, seen_at)
                            VALUES (:cluster, :namespace, :kind, :name, :container, :digest, :replicas, :exposure, :now)
                            ON CONFLICT (cluster, namespace, kind, name, container) DO UPDATE SET
                                image_digest = excluded.image_digest, replicas = excluded.replicas,
                                exposure = excluded.exposure, seen_at = excluded.seen_at
                            """)
                    .bind("cluster", Bounded.key(w.cluster(), Bounded.SHORT_KEY_BYTES))
                    .bind("namespace", Bounded.key(w.namespace(), Bounded.SHORT_KEY_BYTES))
                    .bind("kind", Bounded.key(w.kind(), Bounded.SHORT_KEY_BYTES))
                    .bind("name", Bounded.key(w.name(), Bounded.SHORT_KEY_BYTES))
                    .bind("container", Bounded.key(w.container(), Bounded.SHORT_KEY_BYTES))
                    .bind("digest", s.digest()).bind("replicas", w.replicas())
                    .bind("exposure", Bounded.text(w.exposure(), Bounded.SHORT_KEY_BYTES))
                    .bind("now", now).execute();
        }
    }
}
