package dev.drydock.server.store;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An image digest met somewhere without (necessarily) being scanned there: listed in a registry, running
 * in a cluster, pulled by a pipeline. It updates the stage's last-seen time, never its last-scanned
 * time, which is what makes gaps such as "in the registry for 12 days, never scanned in CI" visible.
 *
 * @param workload the running container, for a runtime sighting; null otherwise
 */
public record Sighting(String digest, Stage stage, List<ImageName> names, Workload workload) {
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}|sha512:[0-9a-f]{128}");

    /** A container seen running, keyed by cluster, namespace, kind, name and container. */
    public record Workload(String cluster, String namespace, String kind, String name, String container,
                           Integer replicas, String exposure) {
        public Workload {
            for (String s : new String[]{cluster, namespace, kind, name, container}) {
                if (s == null || s.isBlank()) throw new IllegalArgumentException("a workload needs cluster, namespace, kind, name and container");
            }
            if (replicas != null && replicas < 0) throw new IllegalArgumentException("replicas must not be negative");
        }
    }

    public Sighting {
        Objects.requireNonNull(stage, "stage");
        if (digest == null || !DIGEST.matcher(digest).matches()) {
            throw new IllegalArgumentException("digest must be sha256:<64 hex> or sha512:<128 hex>");
        }
        names = names == null ? List.of() : List.copyOf(names);
        if (workload != null && stage != Stage.RUNTIME) throw new IllegalArgumentException("only a runtime sighting names a workload");
    }
}
