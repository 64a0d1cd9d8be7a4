package dev.drydock.policy;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;

import java.util.Map;
import java.util.Objects;

/**
 * A package-url used as a constraint (in an ignore rule or a VEX statement) and matched against a
 * finding's package. Type, namespace and name must always be equal; the version, subpath and each
 * qualifier only when the constraint names them, so {@code pkg:deb/debian/openssl} covers every
 * version and architecture while {@code pkg:deb/debian/openssl@3.0.11-1?arch=amd64} covers one build.
 * This is what OpenVEX and Trivy's ignore file both mean by a purl without a version.
 */
public final class PurlPattern {
    private final PackageURL purl;

    private PurlPattern(PackageURL purl) {
        this.purl = purl;
    }

    /** The constraint, or an {@link IllegalArgumentException} naming what is wrong with it. */
    public static PurlPattern parse(String s) {
        try {
            return new PurlPattern(new PackageURL(Objects.requireNonNull(s, "purl")));
        } catch (MalformedPackageURLException | RuntimeException e) {
            throw new IllegalArgumentException("not a package-url: " + e.getMessage(), e);
        }
    }

    public String type() {
        return purl.getType();
    }

    /** The version as written (for {@code pkg:oci} the manifest digest, decoded), or null. */
    public String version() {
        return purl.getVersion();
    }

    public boolean matches(String targetPurl) {
        if (targetPurl == null || targetPurl.isBlank()) return false;
        PackageURL t;
        try {
            t = new PackageURL(targetPurl);
        } catch (MalformedPackageURLException | RuntimeException e) {
            return false;
        }
        return matches(t);
    }

    boolean matches(PackageURL t) {
        if (!purl.getType().equals(t.getType())) return false;
        if (!Objects.equals(purl.getNamespace(), t.getNamespace())) return false;
        if (!purl.getName().equals(t.getName())) return false;
        if (purl.getVersion() != null && !purl.getVersion().equals(t.getVersion())) return false;
        if (purl.getSubpath() != null && !purl.getSubpath().equals(t.getSubpath())) return false;
        Map<String, String> want = purl.getQualifiers();
        if (want != null && !want.isEmpty()) {
            Map<String, String> have = t.getQualifiers();
            for (Map.Entry<String, String> q : want.entrySet()) {
                if (have == null || !q.getValue().equals(have.get(q.getKey()))) return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return purl.canonicalize();
    }
}
