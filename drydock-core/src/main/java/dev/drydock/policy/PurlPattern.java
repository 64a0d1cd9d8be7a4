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
    /**
     * Rules and statements are matched against every finding, so the same few thousand purls are parsed
     * again and again; a small bounded cache keeps that linear in the input without holding on to memory.
     */
    private static final int CACHE = 4096;
    private static final Map<String, PackageURL> PARSED = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, PackageURL> e) {
                    return size() > CACHE;
                }
            });

    private final PackageURL purl;

    private PurlPattern(PackageURL purl) {
        this.purl = purl;
    }

    /** The constraint, or an {@link IllegalArgumentException} naming what is wrong with it. */
    public static PurlPattern parse(String s) {
        try {
            return new PurlPattern(cached(Objects.requireNonNull(s, "purl")));
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
            t = cached(targetPurl);
        } catch (MalformedPackageURLException | RuntimeException e) {
            return false;
        }
        return matches(t);
    }

    private static PackageURL cached(String s) throws MalformedPackageURLException {
        PackageURL p = PARSED.get(s);
        if (p == null) {
            p = new PackageURL(s);
            PARSED.put(s, p);
        }
        return p;
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
