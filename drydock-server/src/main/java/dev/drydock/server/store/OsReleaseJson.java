package dev.drydock.server.store;

import dev.drydock.model.OsRelease;

import java.util.Map;
import java.util.TreeMap;

/**
 * {@code image.os_release}: the os-release of the image's latest catalog as a JSON object, kept so that a
 * re-match can name the distribution release exactly as the scan did (the purl distro in
 * {@code image.distro} loses the codename, which Debian testing needs).
 */
final class OsReleaseJson {
    private OsReleaseJson() {
    }

    static String write(OsRelease os) {
        if (os == null || os.id() == null) return null;
        Map<String, String> m = new TreeMap<>();
        put(m, "id", os.id());
        put(m, "versionId", os.versionId());
        put(m, "versionCodename", os.versionCodename());
        put(m, "prettyName", os.prettyName());
        put(m, "idLike", os.idLike());
        return Json.write(m);
    }

    private static void put(Map<String, String> m, String key, String value) {
        if (value != null) m.put(key, Bounded.text(value, Bounded.SHORT_KEY_BYTES));
    }

    /**
     * The stored os-release; for images stored before it was kept, the purl distro ({@code debian-12},
     * {@code alpine-3.19.1}) read back as id and version; null when neither is known.
     */
    static OsRelease read(String json, String distro) {
        if (json != null) {
            Map<String, String> m = Json.map(json);
            if (m.get("id") != null) {
                return new OsRelease(m.get("id"), m.get("versionId"), m.get("versionCodename"), m.get("prettyName"), m.get("idLike"));
            }
        }
        if (distro == null || distro.isBlank()) return null;
        // The version is what follows the last hyphen that starts a number: ids may hold hyphens (opensuse-leap).
        for (int i = distro.length() - 2; i > 0; i--) {
            if (distro.charAt(i) == '-' && Character.isDigit(distro.charAt(i + 1))) {
                return new OsRelease(distro.substring(0, i), distro.substring(i + 1), null, null, null);
            }
        }
        return new OsRelease(distro, null, null, null, null);
    }
}
