package dev.drydock.catalog;

import dev.drydock.model.OsRelease;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Identifies the distribution: {@code os-release} first, then the distribution-specific files that
 * older or stripped images still carry.
 */
public final class OsReleaseAnalyzer implements Analyzer {
    private static final Map<String, Integer> PRIORITY = Map.of(
            "etc/os-release", 100,
            "usr/lib/os-release", 90,
            "etc/lsb-release", 50,
            "etc/alpine-release", 40,
            "etc/debian_version", 40,
            "etc/redhat-release", 30,
            "etc/centos-release", 31,
            "etc/system-release", 29,
            "etc/system-release-cpe", 20);
    private static final int MAX_BYTES = 64 * 1024;
    private static final Pattern RH_RELEASE = Pattern.compile("^(.*?) (?:Linux )?release ([0-9][0-9.]*)", Pattern.CASE_INSENSITIVE);

    @Override
    public String name() {
        return "os-release";
    }

    @Override
    public int version() {
        return 1;
    }

    @Override
    public boolean wants(String path) {
        return PRIORITY.containsKey(path);
    }

    @Override
    public List<FileResult> analyze(String path, byte[] content, Warnings warnings) {
        if (content.length > MAX_BYTES) {
            warnings.add("ignored " + path + ": too large for an os-release file");
            return List.of();
        }
        String text = new String(content, StandardCharsets.UTF_8);
        OsRelease os = switch (path) {
            case "etc/os-release", "usr/lib/os-release" -> osRelease(text);
            case "etc/lsb-release" -> lsbRelease(text);
            case "etc/alpine-release" -> firstLine(text).isEmpty() ? null : new OsRelease("alpine", firstLine(text), null, null, null);
            case "etc/debian_version" -> debianVersion(firstLine(text));
            case "etc/system-release-cpe" -> cpe(firstLine(text));
            default -> redhatRelease(firstLine(text));
        };
        return os == null ? List.of() : List.of(new FileResult.OsFound(os, PRIORITY.get(path)));
    }

    /**
     * The winning identification. A higher-priority file that lacks a version (distroless images ship an
     * os-release without VERSION_ID) borrows it from a lower-priority file naming the same distribution.
     */
    public static OsRelease resolve(List<FileResult.OsFound> found) {
        if (found.isEmpty()) return null;
        List<FileResult.OsFound> sorted = found.stream().sorted(Comparator.comparingInt(FileResult.OsFound::priority).reversed()).toList();
        OsRelease best = sorted.get(0).os();
        if (best.versionId() == null || best.versionId().isBlank()) {
            for (FileResult.OsFound f : sorted) {
                OsRelease o = f.os();
                if (o.id().equals(best.id()) && o.versionId() != null) {
                    return new OsRelease(best.id(), o.versionId(), best.versionCodename() != null ? best.versionCodename() : o.versionCodename(),
                            best.prettyName(), best.idLike());
                }
            }
        }
        return best;
    }

    static Map<String, String> keyValues(String text) {
        Map<String, String> m = new HashMap<>();
        for (String line : text.split("\n")) {
            line = line.strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            int eq = line.indexOf('=');
            if (eq <= 0) continue;
            m.put(line.substring(0, eq).strip(), unquote(line.substring(eq + 1).strip()));
        }
        return m;
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && (v.charAt(0) == '"' || v.charAt(0) == '\'') && v.charAt(v.length() - 1) == v.charAt(0)) {
            v = v.substring(1, v.length() - 1);
            return v.replaceAll("\\\\([\"'$`\\\\])", "$1");
        }
        return v;
    }

    private static OsRelease osRelease(String text) {
        Map<String, String> m = keyValues(text);
        String id = m.get("ID");
        if (id == null || id.isBlank()) return null;
        return new OsRelease(id.toLowerCase(Locale.ROOT), blankToNull(m.get("VERSION_ID")), blankToNull(m.get("VERSION_CODENAME")),
                blankToNull(m.get("PRETTY_NAME")), blankToNull(m.get("ID_LIKE")));
    }

    private static OsRelease lsbRelease(String text) {
        Map<String, String> m = keyValues(text);
        String id = m.get("DISTRIB_ID");
        if (id == null || id.isBlank()) return null;
        return new OsRelease(id.toLowerCase(Locale.ROOT), blankToNull(m.get("DISTRIB_RELEASE")), blankToNull(m.get("DISTRIB_CODENAME")),
                blankToNull(m.get("DISTRIB_DESCRIPTION")), null);
    }

    /** {@code 12.11} → debian 12; {@code trixie/sid} → debian without a version. */
    private static OsRelease debianVersion(String v) {
        if (v.isEmpty()) return null;
        Matcher num = Pattern.compile("^([0-9]+)(?:\\.[0-9]+)*$").matcher(v);
        if (num.matches()) return new OsRelease("debian", num.group(1), null, null, null);
        String codename = v.contains("/") ? v.substring(0, v.indexOf('/')) : v;
        return new OsRelease("debian", null, codename, null, null);
    }

    private static OsRelease redhatRelease(String line) {
        Matcher m = RH_RELEASE.matcher(line);
        if (!m.find()) return null;
        String name = m.group(1).toLowerCase(Locale.ROOT);
        String id = name.startsWith("centos") ? "centos"
                : name.startsWith("red hat") ? "rhel"
                : name.startsWith("fedora") ? "fedora"
                : name.startsWith("rocky") ? "rocky"
                : name.startsWith("almalinux") ? "almalinux"
                : name.startsWith("oracle") ? "ol"
                : name.startsWith("amazon") ? "amzn"
                : name.replaceAll("[^a-z0-9]+", "");
        return new OsRelease(id, m.group(2), null, line.strip(), null);
    }

    /** {@code cpe:/o:centos:linux:6:GA} → centos 6. */
    private static OsRelease cpe(String line) {
        String[] parts = line.split(":");
        if (parts.length < 5 || !parts[0].equals("cpe")) return null;
        String vendor = parts[2].toLowerCase(Locale.ROOT);
        String id = vendor.equals("redhat") ? "rhel" : vendor;
        return new OsRelease(id, parts[4], null, null, null);
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        return (nl < 0 ? text : text.substring(0, nl)).strip();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
