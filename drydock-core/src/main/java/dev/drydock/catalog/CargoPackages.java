package dev.drydock.catalog;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import dev.drydock.catalog.binary.CargoAuditData;
import dev.drydock.catalog.binary.CargoPackage;
import dev.drydock.model.Package;
import dev.drydock.model.PackageType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Packages from cargo-auditable data: every crate compiled into the binary, {@code pkg:cargo/<name>@<version>}.
 * Crates recorded as {@code build} dependencies (build scripts, proc macros and what only they use)
 * ran on the build machine and are not in the binary, so they are not reported.
 * Attribute keys: {@code cargo.root} = {@code true} for the crate the binary was built from;
 * {@code cargo.source}: {@code crates.io}, {@code git}, {@code local}, {@code registry} or another source's text.
 */
final class CargoPackages {
    private CargoPackages() {
    }

    static List<Package> of(CargoAuditData data, String path) {
        Map<String, Package> out = new LinkedHashMap<>();
        for (CargoPackage c : data.packages()) {
            if (c.buildOnly()) continue;
            Map<String, String> a = new TreeMap<>();
            if (c.root()) a.put("cargo.root", "true");
            if (!c.source().isEmpty()) a.put("cargo.source", c.source());
            Package p = new Package(PackageType.CARGO, c.name(), c.version(), null, null, null, List.of(), purl(c.name(), c.version()),
                    null, path, List.of(), a);
            out.putIfAbsent(p.key() + " " + c.source(), p);
        }
        return new ArrayList<>(out.values());
    }

    static String purl(String name, String version) {
        try {
            return new PackageURL("cargo", null, name, version, null, null).canonicalize();
        } catch (MalformedPackageURLException e) {
            return null;
        }
    }
}
