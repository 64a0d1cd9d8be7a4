package dev.drydock.catalog;

import dev.drydock.model.PackageType;

import java.util.regex.Pattern;

/** npm package names and where npm puts installed packages. */
final class NpmNames {
    static final String NODE_MODULES = "node_modules";

    /**
     * npm's rules, loosely: an optional {@code @scope/} and a name, neither containing a slash,
     * {@code @} or whitespace, 214 characters at most. Legacy names with capitals are allowed.
     */
    private static final Pattern NAME = Pattern.compile("(@[^/@\\s\\p{Cntrl}]+/)?[^/@\\s\\p{Cntrl}]+");

    private NpmNames() {
    }

    static boolean valid(String name) {
        return name != null && name.length() <= 214 && NAME.matcher(name).matches();
    }

    /**
     * Whether {@code path} is the manifest of an installed package: {@code …node_modules/<name>/package.json}
     * or {@code …node_modules/@scope/<name>/package.json}. Files deeper inside a package (test fixtures,
     * examples) are not packages. pnpm's store ({@code node_modules/.pnpm/<id>/node_modules/<name>}) has
     * the same shape, and its top-level entries are symlinks, which are never followed.
     */
    static boolean isInstalledManifest(String path) {
        if (!path.endsWith("/package.json")) return false;
        int end = path.length() - "/package.json".length();
        int s1 = path.lastIndexOf('/', end - 1);
        String name = path.substring(s1 + 1, end);
        if (s1 < 0 || !packageSegment(name)) return false;
        String above = path.substring(lastSegmentStart(path, s1), s1);
        if (above.equals(NODE_MODULES)) return true;
        if (above.length() < 2 || above.charAt(0) != '@') return false;
        int s2 = path.lastIndexOf('/', s1 - 1);
        return s2 >= 0 && path.substring(lastSegmentStart(path, s2), s2).equals(NODE_MODULES);
    }

    /** Whether {@code path} lies inside some node_modules directory. */
    static boolean insideNodeModules(String path) {
        return path.startsWith(NODE_MODULES + "/") || path.contains("/" + NODE_MODULES + "/");
    }

    private static int lastSegmentStart(String path, int slash) {
        return path.lastIndexOf('/', slash - 1) + 1;
    }

    /** Hidden entries (.bin, .pnpm, .cache) and scope directories are not packages themselves. */
    private static boolean packageSegment(String s) {
        return !s.isEmpty() && s.charAt(0) != '.' && s.charAt(0) != '@';
    }

    /** {@code pkg:npm/%40scope/name@version}. */
    static String purl(String name, String version) {
        String namespace = null;
        String local = name;
        if (name.startsWith("@")) {
            int slash = name.indexOf('/');
            namespace = name.substring(0, slash);
            local = name.substring(slash + 1);
        }
        return LanguagePackages.purl(PackageType.NPM, namespace, local, version, null);
    }

    /**
     * Splits {@code name@rest} at the {@code @} that ends the name (a scope's leading {@code @} is
     * part of the name); null when there is none.
     */
    static String[] splitAt(String descriptor) {
        int at = descriptor.indexOf('@', 1);
        if (at <= 0) return null;
        return new String[]{descriptor.substring(0, at), descriptor.substring(at + 1)};
    }
}
