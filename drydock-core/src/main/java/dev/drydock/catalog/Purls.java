package dev.drydock.catalog;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import dev.drydock.model.OsRelease;
import dev.drydock.model.Package;

import java.util.TreeMap;

/** Package-URLs for OS packages, with the distro qualifier that vulnerability matching needs. */
final class Purls {
    private Purls() {
    }

    static String osPackage(Package p, OsRelease os) {
        String namespace = os != null ? os.id() : switch (p.type()) {
            case DEB -> "debian";
            case APK -> "alpine";
            default -> null;
        };
        TreeMap<String, String> q = new TreeMap<>();
        if (p.arch() != null && !p.arch().isBlank()) q.put("arch", p.arch());
        if (os != null) q.put("distro", os.purlDistro());
        String version = p.version();
        if (p.type() == dev.drydock.model.PackageType.RPM) {
            // purl-spec: rpm epochs go in a qualifier, not the version
            int colon = version.indexOf(':');
            if (colon > 0) {
                q.put("epoch", version.substring(0, colon));
                version = version.substring(colon + 1);
            }
        }
        try {
            return new PackageURL(p.type().purlType(), namespace, p.name(), version, q, null).canonicalize();
        } catch (MalformedPackageURLException e) {
            return null;
        }
    }
}
