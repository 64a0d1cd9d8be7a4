package dev.drydock.catalog;

import dev.drydock.model.UntrustedText;
import dev.drydock.model.Package;
import dev.drydock.model.PackageType;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import static dev.drydock.model.UntrustedText.printable;

/**
 * Installed Python distributions, from their core metadata: {@code *.dist-info/METADATA} (wheels,
 * pip), {@code *.egg-info/PKG-INFO} and single-file {@code *.egg-info} (setuptools, Debian's
 * python3-* packages), and eggs — zipped {@code *.egg} files or unpacked {@code *.egg/EGG-INFO/PKG-INFO}.
 * The package name is kept as the metadata writes it; the purl carries the PEP 503 normalised name.
 */
public final class PythonPackageAnalyzer implements Analyzer {
    /** Attribute: the directory the distribution is installed in (site-packages, dist-packages, a virtualenv), image-relative. */
    public static final String LOCATION = "python.location";
    /** Attribute: the metadata form it was read from: {@code dist-info}, {@code egg-info} or {@code egg}. */
    public static final String METADATA = "python.metadata";

    private static final String DIST_INFO_METADATA = ".dist-info/METADATA";
    private static final String EGG_INFO_PKG_INFO = ".egg-info/PKG-INFO";
    private static final String EGG_INFO = ".egg-info";
    private static final String EGG_DIR_PKG_INFO = ".egg/EGG-INFO/PKG-INFO";
    private static final String EGG = ".egg";

    private static final Pattern SEPARATORS = Pattern.compile("[-_.]+");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._-]{0,254}[A-Za-z0-9])?");
    private static final int MAX_LICENSE_CHARS = 200;

    @Override
    public String name() {
        return "python-package";
    }

    @Override
    public int version() {
        return 1;
    }

    @Override
    public boolean wants(String path) {
        return path.endsWith(DIST_INFO_METADATA) || path.endsWith(EGG_INFO_PKG_INFO) || path.endsWith(EGG_INFO)
                || path.endsWith(EGG_DIR_PKG_INFO) || path.endsWith(EGG);
    }

    @Override
    public List<FileResult> analyze(String path, byte[] content, Warnings warnings) {
        String form;
        String distribution; // the .dist-info / .egg-info / .egg entry
        byte[] metadata = content;
        if (path.endsWith(DIST_INFO_METADATA)) {
            form = "dist-info";
            distribution = LanguagePackages.parent(path);
        } else if (path.endsWith(EGG_INFO_PKG_INFO)) {
            form = "egg-info";
            distribution = LanguagePackages.parent(path);
        } else if (path.endsWith(EGG_INFO)) {
            form = "egg-info";
            distribution = path;
        } else if (path.endsWith(EGG_DIR_PKG_INFO)) {
            form = "egg";
            distribution = LanguagePackages.parent(LanguagePackages.parent(path));
        } else {
            form = "egg";
            distribution = path;
            try {
                metadata = EggArchive.pkgInfo(content);
            } catch (IOException e) {
                warnings.add(printable(path) + ": skipped, " + LanguagePackages.reason(e));
                return List.of();
            }
        }
        CoreMetadata m;
        try {
            m = CoreMetadata.parse(metadata);
        } catch (IOException e) {
            warnings.add(printable(path) + ": skipped, not Python package metadata: " + LanguagePackages.reason(e));
            return List.of();
        }
        String name = m.first("Name");
        String version = m.first("Version");
        if (name == null || !NAME.matcher(name).matches()) {
            warnings.add(printable(path) + ": skipped, no valid Name" + (name == null ? "" : " (" + printable(name) + ")"));
            return List.of();
        }
        if (!LanguagePackages.plausibleVersion(version) || version.indexOf(CoreMetadata.REPLACEMENT) >= 0) {
            warnings.add(printable(path) + ": skipped " + name + ", no valid Version");
            return List.of();
        }
        Map<String, String> attributes = new TreeMap<>();
        attributes.put(LOCATION, LanguagePackages.parent(distribution));
        attributes.put(METADATA, form);
        String purl = LanguagePackages.purl(PackageType.PYPI, null, normalize(name), version, null);
        Package p = LanguagePackages.of(PackageType.PYPI, name, version, licenses(m), purl, path, attributes);
        return List.of(new FileResult.Packages(List.of(p)));
    }

    /** PEP 503: lower case, every run of {@code -}, {@code _} and {@code .} one {@code -}. */
    static String normalize(String name) {
        return SEPARATORS.matcher(name).replaceAll("-").toLowerCase(Locale.ROOT);
    }

    /**
     * Metadata 2.4's {@code License-Expression} (SPDX) when present; else the free-text {@code License}
     * when it is a short name rather than the licence's full text or {@code UNKNOWN}; else the
     * {@code License ::} trove classifiers, by their last part ({@code MIT License}).
     */
    static List<String> licenses(CoreMetadata m) {
        String expression = m.first("License-Expression");
        if (usable(expression)) return List.of(expression);
        String license = m.first("License");
        if (usable(license) && !license.equalsIgnoreCase("UNKNOWN")) return List.of(license);
        Set<String> out = new LinkedHashSet<>();
        for (String c : m.all("Classifier")) {
            if (!c.startsWith("License ::")) continue;
            String last = c.substring(c.lastIndexOf("::") + 2).strip();
            if (!last.isEmpty() && !last.equals("OSI Approved") && usable(last)) out.add(last);
        }
        return new ArrayList<>(out);
    }

    private static boolean usable(String s) {
        return s != null && !s.isBlank() && s.length() <= MAX_LICENSE_CHARS && s.indexOf('\n') < 0 && s.indexOf(CoreMetadata.REPLACEMENT) < 0;
    }
}
