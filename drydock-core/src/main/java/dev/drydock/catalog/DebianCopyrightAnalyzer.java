package dev.drydock.catalog;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Licenses of Debian packages, which dpkg does not record: the {@code License:} fields of a
 * machine-readable {@code usr/share/doc/<pkg>/copyright} (DEP-5), else the
 * {@code /usr/share/common-licenses/<name>} files that a free-form copyright file points to.
 * License names are kept as Debian writes them (e.g. {@code GPL-2+}); mapping them to SPDX is the
 * SBOM writer's business.
 */
public final class DebianCopyrightAnalyzer implements Analyzer {
    private static final String DOC = "usr/share/doc/";
    private static final Pattern LICENSE_FIELD = Pattern.compile("(?m)^License:[ \\t]*(\\S[^\\r\\n]*)$");
    private static final Pattern COMMON = Pattern.compile("/usr/share/common-licenses/([A-Za-z0-9][A-Za-z0-9.+_-]*[A-Za-z0-9+])");
    private static final int MAX_BYTES = 1 << 20;
    private static final int MAX_LICENSES = 50;

    @Override
    public String name() {
        return "debian-copyright";
    }

    @Override
    public int version() {
        return 1;
    }

    @Override
    public boolean wants(String path) {
        if (!path.startsWith(DOC) || !path.endsWith("/copyright") || path.length() <= DOC.length() + "/copyright".length()) return false;
        String pkg = path.substring(DOC.length(), path.length() - "/copyright".length());
        return !pkg.isEmpty() && pkg.indexOf('/') < 0;
    }

    @Override
    public List<FileResult> analyze(String path, byte[] content, Warnings warnings) {
        if (content.length > MAX_BYTES) return List.of();
        String pkg = path.substring(DOC.length(), path.length() - "/copyright".length());
        String text = new String(content, StandardCharsets.UTF_8);
        Set<String> found = new LinkedHashSet<>();
        Matcher m = LICENSE_FIELD.matcher(text);
        while (m.find() && found.size() < MAX_LICENSES) {
            // "GPL-2+ or Artistic, and BSD-3-clause": each named license counts once
            for (String part : m.group(1).split("(?i)\\s+(?:or|and)\\s+|,\\s*(?:(?:or|and)\\s+)?")) {
                String name = part.strip().replaceAll("[,.;]+$", "");
                if (!name.isEmpty() && name.length() <= 64 && !name.contains(" ")) found.add(name);
            }
        }
        if (found.isEmpty()) {
            Matcher c = COMMON.matcher(text);
            while (c.find() && found.size() < MAX_LICENSES) found.add(c.group(1));
        }
        return found.isEmpty() ? List.of() : List.of(new FileResult.PackageLicenses(pkg, new ArrayList<>(found)));
    }
}
