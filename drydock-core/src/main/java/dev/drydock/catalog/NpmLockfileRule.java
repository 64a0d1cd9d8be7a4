package dev.drydock.catalog;

import dev.drydock.model.Package;
import dev.drydock.model.PackageType;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The cross-file rule for npm lockfiles, for the cataloger to apply to the squashed image's packages
 * (an analyzer sees one file and cannot). A lockfile describes what an install would put in the
 * node_modules beside it; when that node_modules exists, its package.json files are the truth and the
 * lockfile adds nothing but stale or double entries. So lockfile packages ({@link NpmLockfileAnalyzer#LOCKFILE})
 * are kept only for a directory where no installed npm package lies under {@code <dir>/node_modules/},
 * and from one lockfile per directory: npm-shrinkwrap.json, package-lock.json, pnpm-lock.yaml, then
 * yarn.lock (which cannot tell development packages apart, so it comes last).
 */
final class NpmLockfileRule {
    private static final List<String> PRECEDENCE = List.of(
            NpmLockfileAnalyzer.SHRINKWRAP, NpmLockfileAnalyzer.PACKAGE_LOCK, NpmLockfileAnalyzer.PNPM_LOCK, NpmLockfileAnalyzer.YARN_LOCK);

    private NpmLockfileRule() {
    }

    static List<Package> apply(List<Package> packages) {
        Set<String> installedIn = new HashSet<>();
        Map<String, String> chosen = new HashMap<>();
        for (Package p : packages) {
            if (p.type() != PackageType.NPM || p.path() == null) continue;
            if (!p.attributes().containsKey(NpmLockfileAnalyzer.LOCKFILE)) {
                String app = applicationDir(p.path());
                if (app != null) installedIn.add(app);
            } else {
                chosen.merge(LanguagePackages.parent(p.path()), p.path(), NpmLockfileRule::preferred);
            }
        }
        if (chosen.isEmpty()) return packages;
        List<Package> out = new ArrayList<>(packages.size());
        for (Package p : packages) {
            if (p.type() == PackageType.NPM && p.path() != null && p.attributes().containsKey(NpmLockfileAnalyzer.LOCKFILE)) {
                String dir = LanguagePackages.parent(p.path());
                if (installedIn.contains(dir) || !p.path().equals(chosen.get(dir))) continue;
            }
            out.add(p);
        }
        return out;
    }

    /** {@code app/node_modules/a/node_modules/b/package.json} → {@code app}; {@code node_modules/a/package.json} → "". */
    static String applicationDir(String path) {
        if (path.startsWith(NpmNames.NODE_MODULES + "/")) return "";
        int i = path.indexOf("/" + NpmNames.NODE_MODULES + "/");
        return i < 0 ? null : path.substring(0, i);
    }

    private static String preferred(String a, String b) {
        return rank(a) <= rank(b) ? a : b;
    }

    private static int rank(String path) {
        int i = PRECEDENCE.indexOf(path.substring(path.lastIndexOf('/') + 1));
        return i < 0 ? PRECEDENCE.size() : i;
    }
}
