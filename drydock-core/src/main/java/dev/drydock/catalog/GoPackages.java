package dev.drydock.catalog;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import dev.drydock.catalog.binary.GoBuildInfo;
import dev.drydock.catalog.binary.GoModInfo;
import dev.drydock.catalog.binary.GoModule;
import dev.drydock.model.Package;
import dev.drydock.model.PackageType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Packages from Go build info: the main module, every dependency module, and the standard library
 * as {@code stdlib}. Attribute keys (documented in docs/go-and-rust-binaries.md):
 * <ul>
 *   <li>{@code go.main} = {@code true} on the main module</li>
 *   <li>{@code go.path}: import path of the main package (main module and stdlib)</li>
 *   <li>{@code go.toolchain}: the toolchain version as recorded (main module and stdlib)</li>
 *   <li>{@code go.experiment}: GOEXPERIMENT flags from the toolchain version (stdlib)</li>
 *   <li>{@code go.replace}: the replacement that was compiled instead ({@code path@version}, or a directory)</li>
 *   <li>{@code go.original}: the module a replacement stands in for ({@code path@version})</li>
 *   <li>{@code go.sum}: the module's {@code h1:} checksum when recorded</li>
 *   <li>{@code go.vcs}, {@code go.vcs.revision}, {@code go.vcs.time}, {@code go.vcs.modified} (main module)</li>
 *   <li>{@code go.version.source} = {@code ldflags} when the main module's version came from {@code -X} linker flags</li>
 *   <li>{@code go.build.<setting>}: the other build settings, e.g. {@code go.build.GOOS}, {@code go.build.CGO_ENABLED},
 *       {@code go.build.-ldflags} (stdlib, since they shape what of it was compiled in)</li>
 * </ul>
 */
final class GoPackages {
    /** Go's placeholder version for a main module built from a working tree. */
    static final String DEVEL = "(devel)";
    /** {@code -X importpath.name=value} assignments that conventionally carry a program's own version. */
    private static final Pattern VERSION_VARIABLE = Pattern.compile("(?:.*/)?(?:main|version)\\.(?:[vV]ersion|gitVersion|[vV]er)");
    private static final Pattern SEMVER_ISH = Pattern.compile("v?\\d+(\\.\\d+){1,2}([-+][0-9A-Za-z.+-]*)?");

    private GoPackages() {
    }

    static List<Package> of(GoBuildInfo info, String path, Consumer<String> problems) {
        GoModInfo mod = GoModInfo.parse(info.modinfo());
        mod.problems().forEach(problems);
        GoToolchain toolchain = GoToolchain.parse(info.toolchain());
        List<Package> out = new ArrayList<>();

        if (mod.main() != null) out.add(main(mod, toolchain, path));
        int skipped = 0;
        for (GoModule dep : mod.deps()) {
            Package p = dependency(dep, path);
            if (p == null) skipped++;
            else out.add(p);
        }
        if (skipped > 0) problems.accept("skipped " + skipped + " Go module(s) without a version");

        if (toolchain.stdlib() != null) {
            Map<String, String> a = new TreeMap<>();
            a.put("go.toolchain", toolchain.raw());
            if (!mod.path().isEmpty()) a.put("go.path", mod.path());
            if (!toolchain.experiments().isEmpty()) a.put("go.experiment", toolchain.experiments());
            mod.settings().forEach((k, v) -> {
                if (!k.equals("vcs") && !k.startsWith("vcs.")) a.put("go.build." + k, v);
            });
            out.add(pkg("stdlib", toolchain.stdlib(), path, a));
        }
        return out;
    }

    private static Package main(GoModInfo mod, GoToolchain toolchain, String path) {
        GoModule m = mod.main();
        Map<String, String> a = new TreeMap<>();
        a.put("go.main", "true");
        a.put("go.toolchain", toolchain.raw());
        if (!mod.path().isEmpty()) a.put("go.path", mod.path());
        mod.settings().forEach((k, v) -> {
            if (k.equals("vcs") || k.startsWith("vcs.")) a.put("go." + k, v);
        });
        if (m.replacement() != null) a.put("go.replace", describe(m.replacement()));
        String version = m.version();
        if (version.isEmpty() || version.equals(DEVEL)) {
            String fromFlags = ldflagsVersion(mod.settings().get("-ldflags"));
            if (fromFlags != null) {
                version = fromFlags;
                a.put("go.version.source", "ldflags");
            } else {
                version = DEVEL;
            }
        }
        if (!m.sum().isEmpty()) a.put("go.sum", m.sum());
        return pkg(m.path(), version, path, a);
    }

    /** A dependency as compiled: a module replacement stands in for the original; a directory replacement keeps its identity. */
    private static Package dependency(GoModule dep, String path) {
        Map<String, String> a = new TreeMap<>();
        GoModule r = dep.replacement();
        GoModule compiled = dep;
        if (r != null) {
            a.put("go.replace", describe(r));
            if (!r.isDirectory() && !r.version().isEmpty()) {
                compiled = r;
                a.put("go.original", dep.path() + "@" + dep.version());
            }
        }
        if (compiled.version().isEmpty()) return null;
        if (!compiled.sum().isEmpty()) a.put("go.sum", compiled.sum());
        return pkg(compiled.path(), compiled.version(), path, a);
    }

    private static String describe(GoModule m) {
        return m.version().isEmpty() || m.isDirectory() ? m.path() : m.path() + "@" + m.version();
    }

    /**
     * A version set with {@code -X} in the {@code -ldflags} build setting, for a main module that Go
     * could only call {@code (devel)}: {@code main.version}, {@code main.Version}, or a
     * {@code …/version.Version}-style variable, when its value looks like a release version.
     */
    static String ldflagsVersion(String ldflags) {
        if (ldflags == null) return null;
        List<String> args = split(ldflags);
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i), assignment;
            if (arg.equals("-X") || arg.equals("--X")) {
                if (i + 1 >= args.size()) break;
                assignment = args.get(++i);
            } else if (arg.startsWith("-X=") || arg.startsWith("--X=")) {
                assignment = arg.substring(arg.indexOf('=') + 1);
            } else {
                continue;
            }
            int eq = assignment.indexOf('=');
            if (eq <= 0) continue;
            String name = assignment.substring(0, eq), value = assignment.substring(eq + 1);
            if (!VERSION_VARIABLE.matcher(name).matches() || !SEMVER_ISH.matcher(value).matches()) continue;
            return value.startsWith("v") ? value : "v" + value;
        }
        return null;
    }

    /** Splits linker flags the way a shell would for simple quoting ('…' and "…"). */
    private static List<String> split(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        boolean any = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == quote) quote = 0;
                else cur.append(c);
            } else if (c == '\'' || c == '"') {
                quote = c;
                any = true;
            } else if (Character.isWhitespace(c)) {
                if (any || cur.length() > 0) out.add(cur.toString());
                cur.setLength(0);
                any = false;
            } else {
                cur.append(c);
            }
        }
        if (any || cur.length() > 0) out.add(cur.toString());
        return out;
    }

    private static Package pkg(String name, String version, String path, Map<String, String> attributes) {
        return new Package(PackageType.GOLANG, name, version, null, null, null, List.of(), purl(name, version),
                null, path, List.of(), attributes);
    }

    /**
     * {@code pkg:golang/<module path>@<version>}, the path's last element as the name and the rest as
     * the namespace; without a version for {@code (devel)}, which names no release (as Trivy leaves
     * such a main module's version empty), so that no version range can match it by accident.
     */
    static String purl(String module, String version) {
        int slash = module.lastIndexOf('/');
        String namespace = slash > 0 ? module.substring(0, slash) : null;
        String name = slash > 0 ? module.substring(slash + 1) : module;
        try {
            return new PackageURL("golang", namespace, name, version.equals(DEVEL) ? null : version, null, null).canonicalize();
        } catch (MalformedPackageURLException e) {
            return null;
        }
    }
}
