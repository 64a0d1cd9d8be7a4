package dev.drydock.catalog;

import dev.drydock.model.UntrustedText;
import dev.drydock.model.Package;
import dev.drydock.model.PackageType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static dev.drydock.model.UntrustedText.printable;

/**
 * Gathers the packages one lockfile lists: validated, each name@version once (a lockfile lists a
 * package once per place it is installed, but the lockfile is the only path we can give), bounded
 * by {@link Analyzer#MAX_PACKAGES_PER_FILE}, and with one summary warning for what was left out.
 */
final class NpmLockCollector {
    private final String path;
    private final String kind;
    private final boolean devUnknown;
    private final Map<String, Entry> packages = new LinkedHashMap<>();
    private int invalid;
    private int nonRegistry;
    private boolean full;

    private record Entry(String name, String version, boolean optional) {
    }

    /**
     * @param kind       value of {@link NpmLockfileAnalyzer#LOCKFILE}
     * @param devUnknown the format does not mark development-only packages (yarn.lock)
     */
    NpmLockCollector(String path, String kind, boolean devUnknown) {
        this.path = path;
        this.kind = kind;
        this.devUnknown = devUnknown;
    }

    /** Whether no more packages are taken; readers stop early. */
    boolean full() {
        return full;
    }

    void add(String name, String version, boolean optional) {
        if (!NpmNames.valid(name) || !LanguagePackages.plausibleVersion(version)) {
            invalid++;
            return;
        }
        String key = name + "@" + version;
        Entry old = packages.get(key);
        if (old != null) {
            // installed for a non-optional dependant somewhere: not optional
            if (old.optional && !optional) packages.put(key, new Entry(name, version, false));
            return;
        }
        if (packages.size() >= Analyzer.MAX_PACKAGES_PER_FILE) {
            full = true;
            return;
        }
        packages.put(key, new Entry(name, version, optional));
    }

    /** An entry installed from a git repository, a local folder or a tarball URL, whose version the lockfile does not state. */
    void nonRegistry() {
        nonRegistry++;
    }

    void invalid() {
        invalid++;
    }

    void invalid(int n) {
        invalid += n;
    }

    List<FileResult> finish(Warnings warnings) {
        if (full) warnings.add(printable(path) + ": stopped after " + Analyzer.MAX_PACKAGES_PER_FILE + " packages");
        if (invalid > 0) warnings.add(printable(path) + ": skipped " + invalid + " entries without a valid name or version");
        if (nonRegistry > 0) {
            warnings.add(printable(path) + ": skipped " + nonRegistry + " entries installed from git, a URL or a local path without a version");
        }
        List<Package> out = new ArrayList<>(packages.size());
        for (Entry e : packages.values()) {
            Map<String, String> attributes = new TreeMap<>();
            attributes.put(NpmLockfileAnalyzer.LOCKFILE, kind);
            if (e.optional) attributes.put(NpmLockfileAnalyzer.OPTIONAL, "true");
            if (devUnknown) attributes.put(NpmLockfileAnalyzer.DEV, "unknown");
            out.add(LanguagePackages.of(PackageType.NPM, e.name, e.version, List.of(), NpmNames.purl(e.name, e.version), path, attributes));
        }
        return List.of(new FileResult.Packages(out));
    }
}
