package dev.drydock.catalog;

import dev.drydock.model.UntrustedText;
import java.io.IOException;
import java.util.List;

import static dev.drydock.model.UntrustedText.printable;

/**
 * npm dependencies of an application shipped without its node_modules: {@code package-lock.json}
 * and {@code npm-shrinkwrap.json} (v1 {@code dependencies} tree, v2/v3 {@code packages} map),
 * {@code yarn.lock} (v1 text and Berry's YAML) and {@code pnpm-lock.yaml} (v5, v6, v9).
 *
 * <p>An analyzer sees one file, so it cannot know whether a node_modules directory lies next to the
 * lockfile. Every package it reports carries {@value #LOCKFILE}; the cataloger keeps those only
 * where the squashed image holds no installed package under {@code <lockfile dir>/node_modules/}
 * (the installed tree is the truth when both exist). Development-only packages are left out where
 * the format marks them (package-lock, pnpm); yarn.lock does not mark them, so its packages carry
 * {@value #DEV}{@code =unknown}. Lockfiles inside node_modules (published with a package, or npm's
 * hidden {@code node_modules/.package-lock.json}) describe no installation and are not read.
 */
public final class NpmLockfileAnalyzer implements Analyzer {
    /** Attribute: the lockfile format the package was read from: {@code package-lock}, {@code npm-shrinkwrap}, {@code yarn}, {@code pnpm}. */
    public static final String LOCKFILE = "npm.lockfile";
    /** Attribute: {@code true} when the package is only an optional dependency (installed where its platform allows). */
    public static final String OPTIONAL = "npm.optional";
    /** Attribute: {@code unknown} when the lockfile cannot tell development-only packages apart (yarn.lock). */
    public static final String DEV = "npm.dev";

    static final String PACKAGE_LOCK = "package-lock.json";
    static final String SHRINKWRAP = "npm-shrinkwrap.json";
    static final String YARN_LOCK = "yarn.lock";
    static final String PNPM_LOCK = "pnpm-lock.yaml";

    @Override
    public String name() {
        return "npm-lockfile";
    }

    @Override
    public int version() {
        return 1;
    }

    @Override
    public boolean wants(String path) {
        boolean lockfile = named(path, PACKAGE_LOCK) || named(path, SHRINKWRAP) || named(path, YARN_LOCK) || named(path, PNPM_LOCK);
        return lockfile && !NpmNames.insideNodeModules(path);
    }

    /** Whether the file name (last path segment) is {@code name}; no allocation, as every path of every layer is asked. */
    private static boolean named(String path, String name) {
        return path.endsWith(name) && (path.length() == name.length() || path.charAt(path.length() - name.length() - 1) == '/');
    }

    @Override
    public List<FileResult> analyze(String path, byte[] content, Warnings warnings) {
        String file = path.substring(path.lastIndexOf('/') + 1);
        try {
            return switch (file) {
                case PACKAGE_LOCK -> PackageLockReader.read(path, content, "package-lock", warnings);
                case SHRINKWRAP -> PackageLockReader.read(path, content, "npm-shrinkwrap", warnings);
                case YARN_LOCK -> YarnLockReader.read(path, content, warnings);
                case PNPM_LOCK -> PnpmLockReader.read(path, content, warnings);
                default -> List.of();
            };
        } catch (IOException e) {
            warnings.add(printable(path) + ": skipped, not a readable lockfile: " + LanguagePackages.reason(e));
            return List.of();
        }
    }
}
