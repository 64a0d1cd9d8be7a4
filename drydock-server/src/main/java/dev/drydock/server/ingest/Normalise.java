package dev.drydock.server.ingest;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import dev.drydock.model.Digest;
import dev.drydock.model.FindingStatus;
import dev.drydock.model.Severity;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The mappings every importer shares: severity words, package types to purl types, vulnerability ids, digests,
 * and bounding of untrusted strings. One place, so that two scanners' spellings of the same thing meet.
 */
final class Normalise {
    private Normalise() {
    }

    private static final Pattern CVE = Pattern.compile("CVE-\\d{4}-\\d{4,}", Pattern.CASE_INSENSITIVE);
    private static final Pattern GHSA = Pattern.compile("GHSA(-[23456789cfghjmpqrvwx]{4}){3}", Pattern.CASE_INSENSITIVE);
    /** Ids of vulnerability databases: CVE, GHSA, GO-, PYSEC-, RUSTSEC-, distro advisories (DSA, DLA, USN, ALAS, RHSA, ELSA, ALSA, RLSA, SUSE), OSV ids. */
    private static final Pattern VULN_ID = Pattern.compile(
            "(CVE-\\d{4}-\\d{4,}|GHSA(-[a-z0-9]{4}){3}|GO-\\d{4}-\\d+|PYSEC-\\d{4}-\\d+|RUSTSEC-\\d{4}-\\d+|OSV-\\d{4}-\\d+"
                    + "|(DSA|DLA)-\\d+(-\\d+)?|USN-\\d+-\\d+|ALAS\\d*(-[A-Z0-9]+)?-\\d{4}-\\d+|(RH|EL|AL|RL)SA-\\d{4}:\\d+"
                    + "|(SUSE|openSUSE)-[A-Z]+-\\d{4}:\\d+|MAL-\\d{4}-\\d+|BIT-[a-z0-9-]+-\\d{4}-\\d+|TEMP-\\d+-[0-9A-F]+|SNYK-[A-Z0-9-]+)",
            Pattern.CASE_INSENSITIVE);

    /** A scanner's severity word; adds the words Severity.parse does not know (Grype's and Wiz's). */
    static Severity severity(String word) {
        if (word == null) return Severity.UNKNOWN;
        String w = word.strip().toLowerCase(Locale.ROOT);
        return switch (w) {
            case "informational", "information", "info", "none", "negligible" -> Severity.NEGLIGIBLE;
            case "unknown", "unspecified", "", "undefined" -> Severity.UNKNOWN;
            default -> Severity.parse(w);
        };
    }

    /** Trivy's VendorSeverity numbers: 0 unknown, 1 low, 2 medium, 3 high, 4 critical. */
    static Severity trivyVendorSeverity(int n) {
        return switch (n) {
            case 1 -> Severity.LOW;
            case 2 -> Severity.MEDIUM;
            case 3 -> Severity.HIGH;
            case 4 -> Severity.CRITICAL;
            default -> Severity.UNKNOWN;
        };
    }

    /**
     * The purl type for a scanner's package-type word: Trivy's result {@code Type} ({@code debian}, {@code jar},
     * {@code gomod}, {@code node-pkg} ...), Grype's artifact {@code type} ({@code go-module}, {@code java-archive},
     * {@code python} ...), Wiz ecosystem names. Null when the word names no ecosystem drydock knows.
     */
    static String purlType(String word) {
        if (word == null) return null;
        String w = word.strip().toLowerCase(Locale.ROOT);
        return switch (w) {
            case "deb", "debian", "ubuntu", "dpkg" -> "deb";
            case "rpm", "redhat", "centos", "rocky", "alma", "almalinux", "amazon", "oracle", "fedora", "photon",
                 "cbl-mariner", "azurelinux", "suse", "sles", "opensuse", "opensuse.leap", "opensuse.tumbleweed",
                 "opensuse-leap", "mariner" -> "rpm";
            case "apk", "alpine", "wolfi", "chainguard" -> "apk";
            case "npm", "node-pkg", "yarn", "pnpm", "bun", "javascript", "node" -> "npm";
            case "pip", "pipenv", "poetry", "uv", "python", "python-pkg", "pypi", "conda-pkg" -> "pypi";
            case "jar", "pom", "gradle", "sbt", "maven", "java", "java-archive", "jenkins-plugin" -> "maven";
            case "gomod", "gobinary", "go-module", "golang", "go" -> "golang";
            case "gemspec", "bundler", "gem", "ruby", "rubygems" -> "gem";
            case "cargo", "rustbinary", "rust-crate", "rust", "crates.io" -> "cargo";
            case "nuget", "dotnet-core", "dotnet", "dotnet-deps", "packages-props" -> "nuget";
            case "composer", "composer-vendor", "php-composer", "php" -> "composer";
            default -> null;
        };
    }

    static boolean isOsType(String purlType) {
        return "deb".equals(purlType) || "rpm".equals(purlType) || "apk".equals(purlType);
    }

    /** The purl namespace of an OS package: the distro id as purl-spec uses it. */
    static String osNamespace(String purlType, String distroFamily) {
        if (distroFamily != null && !distroFamily.isBlank()) {
            String f = distroFamily.strip().toLowerCase(Locale.ROOT);
            return switch (f) {
                case "cbl-mariner" -> "mariner";
                case "rocky" -> "rocky";
                case "alma" -> "almalinux";
                default -> f;
            };
        }
        return switch (purlType == null ? "" : purlType) {
            case "deb" -> "debian";
            case "apk" -> "alpine";
            default -> null;
        };
    }

    /** The canonical spelling of a vulnerability id: upper-case prefix, GHSA ids lower-case after the prefix as GitHub writes them. */
    static String vulnId(String id) {
        if (id == null) return null;
        String s = id.strip();
        if (CVE.matcher(s).matches()) return s.toUpperCase(Locale.ROOT);
        if (GHSA.matcher(s).matches()) return "GHSA" + s.substring(4).toLowerCase(Locale.ROOT);
        return s;
    }

    static boolean isCve(String id) {
        return id != null && CVE.matcher(id).matches();
    }

    /** True when the text is a vulnerability id of a known database (not a lint rule id or a file name). */
    static boolean looksLikeVulnId(String id) {
        return id != null && VULN_ID.matcher(id.strip()).matches();
    }

    /** The first vulnerability id found inside a longer text ({@code CVE-1999-0001-package-1}), or null. */
    static String findVulnId(String text) {
        if (text == null) return null;
        var m = VULN_ID.matcher(text);
        return m.find() ? vulnId(m.group()) : null;
    }

    /** The best id to join on: a CVE among the given ids when the native id is not one. */
    static String joinId(String nativeId, List<String> related) {
        if (isCve(nativeId)) return nativeId;
        for (String r : related) if (isCve(r)) return r;
        return nativeId;
    }

    /** Trivy's {@code Status} / Grype's {@code fix.state} / Wiz's statuses to drydock's finding status; null when unknown. */
    static FindingStatus status(String word) {
        if (word == null) return null;
        return switch (word.strip().toLowerCase(Locale.ROOT).replace('_', '-').replace(' ', '-')) {
            case "fixed" -> FindingStatus.FIXED;
            case "affected", "not-fixed", "unfixed", "open", "under-investigation" -> FindingStatus.AFFECTED;
            // end-of-life: the release is out of support, so no fix will come to it
            case "will-not-fix", "wont-fix", "won't-fix", "willnotfix", "end-of-life" -> FindingStatus.WILL_NOT_FIX;
            case "fix-deferred", "deferred" -> FindingStatus.DEFERRED;
            case "not-affected", "notaffected" -> FindingStatus.NOT_AFFECTED;
            default -> null;
        };
    }

    /** The digest in {@code repo@sha256:...}, or null. */
    static Digest digestOfRepoDigest(String repoDigest) {
        if (repoDigest == null) return null;
        int at = repoDigest.lastIndexOf('@');
        return digest(at >= 0 ? repoDigest.substring(at + 1) : repoDigest);
    }

    /** A well-formed digest, or null (reports carry redacted or truncated ones). */
    static Digest digest(String s) {
        if (s == null || s.isBlank()) return null;
        try {
            return Digest.parse(s.strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A purl in canonical form, or null when it does not parse. */
    static PackageURL parsePurl(String purl) {
        if (purl == null || !purl.startsWith("pkg:")) return null;
        try {
            return new PackageURL(purl);
        } catch (MalformedPackageURLException | RuntimeException e) {
            return null;
        }
    }

    static String buildPurl(String type, String namespace, String name, String version, Map<String, String> qualifiers) {
        if (type == null || name == null) return null;
        String ns = namespace;
        String n = name;
        if ("maven".equals(type) && ns == null) {
            int colon = name.indexOf(':');
            if (colon > 0) {
                ns = name.substring(0, colon);
                n = name.substring(colon + 1);
            }
        }
        if (("golang".equals(type) || "npm".equals(type)) && ns == null) {
            int slash = name.lastIndexOf('/');
            if (slash > 0) {
                ns = name.substring(0, slash);
                n = name.substring(slash + 1);
            }
        }
        String v = version;
        TreeMap<String, String> q = qualifiers == null ? new TreeMap<>() : new TreeMap<>(qualifiers);
        if ("rpm".equals(type) && v != null) {
            int colon = v.indexOf(':');
            if (colon > 0 && v.substring(0, colon).chars().allMatch(Character::isDigit)) {
                q.put("epoch", v.substring(0, colon));
                v = v.substring(colon + 1);
            }
        }
        try {
            return new PackageURL(type, ns, n, v, q.isEmpty() ? null : q, null).canonicalize();
        } catch (MalformedPackageURLException | RuntimeException e) {
            return null;
        }
    }

    /** The purl without qualifiers and subpath: the package identity findings join on. */
    static String withoutQualifiers(String purl) {
        PackageURL p = parsePurl(purl);
        if (p == null) return null;
        try {
            return new PackageURL(p.getType(), p.getNamespace(), p.getName(), p.getVersion(), null, null).canonicalize();
        } catch (MalformedPackageURLException e) {
            return null;
        }
    }

    /** Stripped, at most {@code max} characters, control characters as {@code ?}; blank is null. */
    static String clean(String s, int max) {
        if (s == null) return null;
        String t = s.strip();
        if (t.isEmpty()) return null;
        if (t.length() > max) t = t.substring(0, max);
        return hasControl(t) ? t.replaceAll("\\p{Cntrl}", "?") : t;
    }

    /** Like {@link #clean} but keeps line breaks and tabs and marks a cut with an ellipsis. */
    static String cleanText(String s, int max) {
        if (s == null) return null;
        String t = s.strip();
        if (t.isEmpty()) return null;
        if (t.length() > max) t = t.substring(0, max - 1) + "…";
        return hasControl(t) ? t.replaceAll("[\\p{Cntrl}&&[^\n\t]]", "?") : t;
    }

    private static boolean hasControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) return true;
        }
        return false;
    }
}
