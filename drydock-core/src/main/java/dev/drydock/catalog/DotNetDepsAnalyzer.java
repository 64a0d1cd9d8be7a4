package dev.drydock.catalog;

import dev.drydock.model.UntrustedText;
import com.fasterxml.jackson.databind.JsonNode;
import dev.drydock.model.Package;
import dev.drydock.model.PackageType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static dev.drydock.model.UntrustedText.printable;

/**
 * NuGet packages of a .NET application, from the {@code <app>.deps.json} the SDK writes next to it:
 * every {@code libraries} entry of type {@code package}, keyed {@code Name/Version}. Projects (the
 * application and its own libraries), reference assemblies and runtime packs are not NuGet packages.
 */
public final class DotNetDepsAnalyzer implements Analyzer {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,255}");

    @Override
    public String name() {
        return "dotnet-deps";
    }

    @Override
    public int version() {
        return 1;
    }

    @Override
    public boolean wants(String path) {
        return path.endsWith(".deps.json");
    }

    @Override
    public List<FileResult> analyze(String path, byte[] content, Warnings warnings) {
        JsonNode root = LanguagePackages.jsonTree(path, content, warnings);
        if (root == null) return List.of();
        JsonNode libraries = root.get("libraries");
        if (libraries == null || !libraries.isObject()) {
            warnings.add(printable(path) + ": skipped, no libraries object");
            return List.of();
        }
        List<Package> out = new ArrayList<>();
        int invalid = 0;
        for (Map.Entry<String, JsonNode> e : libraries.properties()) {
            if (!"package".equals(LanguagePackages.text(e.getValue(), "type"))) continue;
            if (out.size() >= MAX_PACKAGES_PER_FILE) {
                warnings.add(printable(path) + ": stopped after " + MAX_PACKAGES_PER_FILE + " packages");
                break;
            }
            String key = e.getKey();
            int slash = key.indexOf('/');
            String name = slash < 0 ? null : key.substring(0, slash);
            String version = slash < 0 ? null : key.substring(slash + 1);
            if (name == null || !NAME.matcher(name).matches() || !LanguagePackages.plausibleVersion(version) || version.indexOf('/') >= 0) {
                invalid++;
                continue;
            }
            String purl = LanguagePackages.purl(PackageType.NUGET, null, name, version, null);
            out.add(LanguagePackages.of(PackageType.NUGET, name, version, List.of(), purl, path, Map.of()));
        }
        if (invalid > 0) warnings.add(printable(path) + ": skipped " + invalid + " libraries without a valid Name/Version key");
        return List.of(new FileResult.Packages(out));
    }
}
