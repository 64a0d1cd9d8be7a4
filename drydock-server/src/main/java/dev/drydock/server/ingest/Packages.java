package dev.drydock.server.ingest;

import com.github.packageurl.PackageURL;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Builds {@link ImportedPackage}s the same way for every format: a report's purl wins, else one is built. */
final class Packages {
    private Packages() {
    }

    /**
     * @param type      purl type from the report's own type word, or null
     * @param purlGiven the purl the report gave, or null
     */
    static ImportedPackage of(String type, String name, String version, String purlGiven, String sourceName,
                              String sourceVersion, String path, Distro distro, ImportContext ctx) {
        PackageURL given = Normalise.parsePurl(purlGiven);
        if (purlGiven != null && given == null) ctx.warn("unparsable purl left out: " + purlGiven);
        String namespace = null;
        String purl = null;
        if (given != null && !"generic".equals(given.getType())) {
            type = given.getType();
            namespace = given.getNamespace();
            purl = given.canonicalize();
            if (version == null) version = given.getVersion();
        } else if (type != null) {
            Map<String, String> q = new TreeMap<>();
            if (Normalise.isOsType(type)) {
                namespace = Normalise.osNamespace(type, distro != null ? distro.family() : null);
                if (distro != null && distro.version() != null) q.put("distro", namespace + "-" + distro.version());
            }
            purl = Normalise.buildPurl(type, namespace, name, version, q);
            PackageURL built = Normalise.parsePurl(purl);
            if (built != null) namespace = built.getNamespace();
        }
        if (purl != null && purl.length() > ctx.limits.maxFieldLength()) purl = null;
        return new ImportedPackage(type == null ? null : type.toLowerCase(Locale.ROOT), namespace, name, version,
                sourceName, sourceVersion, purl, path);
    }

    /**
     * The ecosystem of a library a report names without a type (wizcli, Wiz CSV): from the file it was found in,
     * else from the name's shape (a Go module path starts with a host name). Null when neither tells.
     */
    static String guessLibraryType(String name, String path) {
        String p = path == null ? "" : path.toLowerCase(Locale.ROOT);
        if (p.endsWith("go.mod") || p.endsWith("go.sum")) return "golang";
        if (p.endsWith("package.json") || p.endsWith("package-lock.json") || p.endsWith("yarn.lock") || p.endsWith("pnpm-lock.yaml") || p.contains("/node_modules/")) return "npm";
        if (p.endsWith(".jar") || p.endsWith(".war") || p.endsWith(".ear") || p.endsWith("pom.xml") || p.endsWith(".gradle") || p.endsWith("gradle.lockfile")) return "maven";
        if (p.endsWith("requirements.txt") || p.endsWith("pipfile.lock") || p.endsWith("poetry.lock") || p.endsWith("uv.lock") || p.contains("site-packages") || p.contains("dist-packages") || p.endsWith(".whl")) return "pypi";
        if (p.endsWith("gemfile.lock") || p.endsWith(".gemspec")) return "gem";
        if (p.endsWith("cargo.lock")) return "cargo";
        if (p.endsWith(".deps.json") || p.endsWith("packages.lock.json") || p.endsWith("packages.config") || p.endsWith(".csproj") || p.endsWith(".nupkg")) return "nuget";
        if (p.endsWith("composer.lock") || p.endsWith("installed.json")) return "composer";
        if (name != null) {
            int slash = name.indexOf('/');
            if (slash > 0 && name.substring(0, slash).contains(".") && !name.startsWith("@")) return "golang";
            if (name.indexOf(':') > 0 && name.indexOf(':') == name.lastIndexOf(':')) return "maven";
        }
        return null;
    }
}
