package dev.drydock.catalog;

import dev.drydock.model.UntrustedText;
import com.fasterxml.jackson.databind.JsonNode;
import dev.drydock.model.Package;
import dev.drydock.model.PackageType;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static dev.drydock.model.UntrustedText.printable;

/**
 * PHP packages Composer installed, from {@code vendor/composer/installed.json}: a plain array in
 * Composer 1, {@code {"packages": [...], "dev-package-names": [...]}} in Composer 2. Every listed
 * package is on disk, so development packages are reported too, marked {@value #DEV} (Composer 2 only
 * names them). The vendor directory may be renamed, so any {@code composer/installed.json} is read.
 */
public final class ComposerInstalledAnalyzer implements Analyzer {
    /** Attribute: {@code true} when Composer 2 lists the package among {@code dev-package-names}. */
    public static final String DEV = "composer.dev";

    private static final String INSTALLED = "composer/installed.json";
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([_.-]?[a-z0-9]+)*/[a-z0-9](([_.]|-{1,2})?[a-z0-9]+)*", Pattern.CASE_INSENSITIVE);
    private static final int MAX_LICENSES = 32;

    @Override
    public String name() {
        return "composer-installed";
    }

    @Override
    public int version() {
        return 1;
    }

    @Override
    public boolean wants(String path) {
        return path.equals(INSTALLED) || path.endsWith("/" + INSTALLED);
    }

    @Override
    public List<FileResult> analyze(String path, byte[] content, Warnings warnings) {
        JsonNode root = LanguagePackages.jsonTree(path, content, warnings);
        if (root == null) return List.of();
        JsonNode list = root.isArray() ? root : root.get("packages");
        if (list == null || !list.isArray()) {
            warnings.add(printable(path) + ": skipped, neither a Composer 1 list nor a Composer 2 packages object");
            return List.of();
        }
        Set<String> dev = new HashSet<>();
        if (root.isObject()) for (JsonNode d : root.path("dev-package-names")) if (d.isTextual()) dev.add(d.asText());
        List<Package> out = new ArrayList<>();
        int invalid = 0;
        for (JsonNode p : list) {
            if (out.size() >= MAX_PACKAGES_PER_FILE) {
                warnings.add(printable(path) + ": stopped after " + MAX_PACKAGES_PER_FILE + " packages");
                break;
            }
            String name = LanguagePackages.text(p, "name");
            String version = LanguagePackages.text(p, "version");
            if (name == null || !NAME.matcher(name).matches() || !LanguagePackages.plausibleVersion(version)) {
                invalid++;
                continue;
            }
            int slash = name.indexOf('/');
            String purl = LanguagePackages.purl(PackageType.COMPOSER, name.substring(0, slash), name.substring(slash + 1), version, null);
            Map<String, String> attributes = dev.contains(name) ? Map.of(DEV, "true") : Map.of();
            out.add(LanguagePackages.of(PackageType.COMPOSER, name, version, licenses(p.get("license")), purl, path, attributes));
        }
        if (invalid > 0) warnings.add(printable(path) + ": skipped " + invalid + " entries without a valid name or version");
        return List.of(new FileResult.Packages(out));
    }

    /** {@code "license": ["MIT"]}, or a single string in older files. */
    private static List<String> licenses(JsonNode v) {
        Set<String> out = new LinkedHashSet<>();
        if (v != null && v.isTextual() && !v.asText().isBlank()) out.add(v.asText().strip());
        if (v != null && v.isArray()) {
            for (JsonNode l : v) if (l.isTextual() && !l.asText().isBlank() && out.size() < MAX_LICENSES) out.add(l.asText().strip());
        }
        return new ArrayList<>(out);
    }
}
