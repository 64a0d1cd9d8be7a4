package dev.drydock.catalog;

import dev.drydock.model.UntrustedText;
import com.fasterxml.jackson.databind.JsonNode;
import dev.drydock.model.Package;
import dev.drydock.model.PackageType;

import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.drydock.model.UntrustedText.printable;

/**
 * Installed npm packages: the {@code package.json} of every package under a {@code node_modules}
 * directory (scoped and nested ones too). The application's own package.json is not a dependency
 * and is not read. A package marked {@code "private": true} is still installed code and is reported,
 * with the attribute {@value #PRIVATE} so that matching can treat a name shared with a public package
 * with care; a manifest without a usable name or version is skipped with a warning.
 */
public final class NpmPackageAnalyzer implements Analyzer {
    /** Attribute: the manifest says {@code "private": true} (never published to a registry). */
    public static final String PRIVATE = "npm.private";

    private static final int MAX_LICENSES = 32;

    @Override
    public String name() {
        return "npm-package";
    }

    @Override
    public int version() {
        return 1;
    }

    @Override
    public boolean wants(String path) {
        return NpmNames.isInstalledManifest(path);
    }

    @Override
    public List<FileResult> analyze(String path, byte[] content, Warnings warnings) {
        if (content.length > LanguagePackages.MAX_MANIFEST_BYTES) {
            warnings.add(printable(path) + ": skipped, " + content.length + " bytes is more than a package.json holds");
            return List.of();
        }
        JsonNode root;
        try {
            root = LanguagePackages.MAPPER.readTree(content);
        } catch (IOException e) {
            warnings.add(printable(path) + ": skipped, not valid JSON: " + LanguagePackages.reason(e));
            return List.of();
        }
        if (root == null || !root.isObject()) {
            warnings.add(printable(path) + ": skipped, not a JSON object");
            return List.of();
        }
        String name = LanguagePackages.text(root, "name");
        String version = LanguagePackages.text(root, "version");
        if (!NpmNames.valid(name)) {
            warnings.add(printable(path) + ": skipped, no valid package name" + typeNote(root.get("name")));
            return List.of();
        }
        if (!LanguagePackages.plausibleVersion(version)) {
            warnings.add(printable(path) + ": skipped " + printable(name) + ", no valid version" + typeNote(root.get("version")));
            return List.of();
        }
        Map<String, String> attributes = root.path("private").asBoolean(false) ? Map.of(PRIVATE, "true") : Map.of();
        Package p = LanguagePackages.of(PackageType.NPM, name, version, licenses(root), NpmNames.purl(name, version), path, attributes);
        return List.of(new FileResult.Packages(List.of(p)));
    }

    private static String typeNote(JsonNode v) {
        if (v == null || v.isMissingNode()) return "";
        return v.isTextual() ? "" : " (" + v.getNodeType().name().toLowerCase() + " instead of a string)";
    }

    /**
     * The licence as npm has written it over the years: {@code "license": "MIT"} (an SPDX expression),
     * {@code "license": {"type": "MIT"}}, arrays of either, and the legacy {@code "licenses": [{"type": …}]}.
     */
    static List<String> licenses(JsonNode root) {
        Set<String> out = new LinkedHashSet<>();
        collect(root.get("license"), out);
        collect(root.get("licenses"), out);
        return List.copyOf(out);
    }

    private static void collect(JsonNode v, Set<String> out) {
        if (v == null) return;
        if (v.isArray()) {
            for (JsonNode e : v) {
                if (e.isArray()) continue; // nested arrays are no licence form
                collect(e, out);
            }
            return;
        }
        String s = v.isTextual() ? v.asText() : v.isObject() ? LanguagePackages.text(v, "type") : null;
        if (s != null && !s.isBlank() && s.length() <= 1024 && out.size() < MAX_LICENSES) out.add(s.strip());
    }
}
