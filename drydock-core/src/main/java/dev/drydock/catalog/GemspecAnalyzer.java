package dev.drydock.catalog;

import dev.drydock.model.UntrustedText;
import dev.drydock.model.PackageType;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.drydock.model.UntrustedText.printable;

/**
 * Installed Ruby gems: {@code specifications/*.gemspec} (and {@code specifications/default/} for the
 * gems that ship with Ruby). These files are Ruby code, never run here: RubyGems writes them in one
 * regular form ({@code s.name = "rake".freeze}, {@code s.version = "13.0.6"},
 * {@code s.licenses = ["MIT".freeze]}), which is matched line by line with simple, linear patterns.
 * A hand-written gemspec whose name or version is computed is skipped with a warning, unless the
 * {@code # stub: name version platform} comment RubyGems writes at the top states them.
 */
public final class GemspecAnalyzer implements Analyzer {
    /** Attribute: {@code true} for a default gem, installed with Ruby itself ({@code specifications/default/}). */
    public static final String DEFAULT = "gem.default";

    private static final String SPECIFICATIONS = "specifications/";
    private static final String DEFAULT_SPECIFICATIONS = "specifications/default/";
    private static final int MAX_BYTES = 4 << 20;
    private static final int MAX_LICENSES = 32;

    // "x", 'x' or (RubyGems 1.x) %q{x}, optionally .freeze: the literal forms RubyGems writes
    private static final String STRING = "(?:[\"']([^\"'\\\\\\n]{1,256})[\"']|%q\\{([^}\\n]{1,256})\\})(?:\\.freeze)?";
    private static final Pattern NAME = Pattern.compile("^[ \\t]*\\w+\\.name[ \\t]*=[ \\t]*" + STRING + "[ \\t]*$", Pattern.MULTILINE);
    private static final Pattern VERSION = Pattern.compile(
            "^[ \\t]*\\w+\\.version[ \\t]*=[ \\t]*(?:Gem::Version\\.new\\([ \\t]*)?" + STRING + "[ \\t]*\\)?[ \\t]*$", Pattern.MULTILINE);
    private static final Pattern PLATFORM = Pattern.compile("^[ \\t]*\\w+\\.platform[ \\t]*=[ \\t]*" + STRING, Pattern.MULTILINE);
    private static final Pattern LICENSES = Pattern.compile("^[ \\t]*\\w+\\.licenses[ \\t]*=[ \\t]*\\[([^\\]\\n]{0,4096})\\]", Pattern.MULTILINE);
    private static final Pattern LICENSE = Pattern.compile("^[ \\t]*\\w+\\.license[ \\t]*=[ \\t]*" + STRING, Pattern.MULTILINE);
    private static final Pattern QUOTED = Pattern.compile(STRING);
    private static final Pattern STUB = Pattern.compile("^# stub: (\\S{1,256}) (\\S{1,256}) (\\S{1,256})", Pattern.MULTILINE);

    private static final Pattern VALID_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,200}");
    private static final Pattern VALID_VERSION = Pattern.compile("[0-9][0-9A-Za-z.-]{0,100}");

    @Override
    public String name() {
        return "gemspec";
    }

    @Override
    public int version() {
        return 1;
    }

    @Override
    public boolean wants(String path) {
        if (!path.endsWith(".gemspec")) return false;
        String dir = LanguagePackages.parent(path) + "/";
        return dir.endsWith("/" + SPECIFICATIONS) || dir.equals(SPECIFICATIONS)
                || dir.endsWith("/" + DEFAULT_SPECIFICATIONS) || dir.equals(DEFAULT_SPECIFICATIONS);
    }

    @Override
    public List<FileResult> analyze(String path, byte[] content, Warnings warnings) {
        if (content.length > MAX_BYTES) {
            warnings.add(printable(path) + ": skipped, " + content.length + " bytes is more than a gemspec holds");
            return List.of();
        }
        // Generated gemspecs are UTF-8 but may hold NULs (the stub line of gems with extensions);
        // stray bytes are replaced and cannot pass the name and version checks.
        String text = new String(content, StandardCharsets.UTF_8);
        if (!text.contains("Gem::Specification.new")) {
            warnings.add(printable(path) + ": skipped, not a gem specification");
            return List.of();
        }
        Matcher stub = STUB.matcher(text);
        boolean hasStub = stub.find();
        String name = first(NAME, text, hasStub ? stub.group(1) : null);
        String version = first(VERSION, text, hasStub ? stub.group(2) : null);
        if (name == null || !VALID_NAME.matcher(name).matches() || version == null || !VALID_VERSION.matcher(version).matches()) {
            warnings.add(printable(path) + ": skipped, no literal gem name and version (a gemspec that computes them is not run)");
            return List.of();
        }
        String platform = first(PLATFORM, text, hasStub ? stub.group(3) : null);
        Map<String, String> qualifiers = platform == null || platform.equals("ruby") || !VALID_NAME.matcher(platform).matches()
                ? Map.of() : Map.of("platform", platform);
        Map<String, String> attributes = new TreeMap<>();
        if (path.contains("/" + DEFAULT_SPECIFICATIONS) || path.startsWith(DEFAULT_SPECIFICATIONS)) attributes.put(DEFAULT, "true");
        String purl = LanguagePackages.purl(PackageType.GEM, null, name, version, qualifiers);
        return List.of(new FileResult.Packages(List.of(
                LanguagePackages.of(PackageType.GEM, name, version, licenses(text), purl, path, attributes))));
    }

    private static String first(Pattern p, String text, String fallback) {
        Matcher m = p.matcher(text);
        return m.find() ? literal(m) : fallback;
    }

    private static String literal(Matcher m) {
        return m.group(1) != null ? m.group(1) : m.group(2);
    }

    private static List<String> licenses(String text) {
        Set<String> out = new LinkedHashSet<>();
        Matcher list = LICENSES.matcher(text);
        if (list.find()) {
            Matcher q = QUOTED.matcher(list.group(1));
            while (q.find() && out.size() < MAX_LICENSES) if (!literal(q).isBlank()) out.add(literal(q));
        }
        Matcher one = LICENSE.matcher(text);
        if (out.isEmpty() && one.find() && !literal(one).isBlank()) out.add(literal(one));
        return new ArrayList<>(out);
    }
}
