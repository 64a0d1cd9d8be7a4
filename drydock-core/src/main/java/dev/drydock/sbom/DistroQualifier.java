package dev.drydock.sbom;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import dev.drydock.model.OsRelease;
import dev.drydock.model.Package;

import java.util.List;

/**
 * The distribution as OS packages' purls name it ({@code pkg:deb/debian/…?distro=debian-12}), for documents
 * that list no operating-system component: vulnerability matching needs the release.
 */
final class DistroQualifier {
    private DistroQualifier() {
    }

    /** The release the first OS package's purl names as namespace-version, or null. */
    static OsRelease osOf(List<Package> packages) {
        for (Package p : packages) {
            if (p.type() == null || !p.type().isOs() || p.purl() == null) continue;
            try {
                PackageURL purl = new PackageURL(p.purl());
                String id = purl.getNamespace();
                String distro = purl.getQualifiers() == null ? null : purl.getQualifiers().get("distro");
                if (id == null || distro == null || !distro.startsWith(id + "-") || distro.length() == id.length() + 1) continue;
                return new OsRelease(id, distro.substring(id.length() + 1), null, null, null);
            } catch (MalformedPackageURLException | RuntimeException e) {
                // already parsed once when the package was read; nothing to learn from it here
            }
        }
        return null;
    }
}
