package dev.drydock.catalog.java;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;

import java.util.regex.Pattern;

/**
 * Maven coordinates of one artifact.
 *
 * @param groupId null when nothing trustworthy names it (a jar built without Maven metadata)
 */
public record Coordinates(String groupId, String artifactId, String version) {
    /** The characters Maven allows in a groupId or artifactId. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]+");
    static final int MAX_LENGTH = 256;

    /**
     * {@code groupId:artifactId} as Trivy names Maven packages — unambiguous across groups that reuse
     * an artifactId (jaxb-core, annotations …); just the artifactId when the group is unknown.
     */
    public String name() {
        return groupId == null ? artifactId : groupId + ":" + artifactId;
    }

    /**
     * {@code pkg:maven/group/artifact@version}; null without a groupId, which the purl spec requires
     * for Maven — inventing one (as the artifactId, as Syft does) would make a wrong identity look right.
     */
    public String purl() {
        if (groupId == null) return null;
        try {
            return new PackageURL("maven", groupId, artifactId, version, null, null).canonicalize();
        } catch (MalformedPackageURLException e) {
            return null;
        }
    }

    /** The same artifact and version; groups must agree only when both are known. */
    boolean sameArtifact(Coordinates other) {
        return artifactId.equalsIgnoreCase(other.artifactId) && version.equals(other.version)
                && (groupId == null || other.groupId == null || groupId.equals(other.groupId));
    }

    static boolean isId(String s) {
        return s != null && s.length() <= MAX_LENGTH && ID.matcher(s).matches();
    }

    /**
     * A version as a build tool writes it: begins with a digit (rejecting "${project.version}", "unknown",
     * "@VERSION@" and other placeholders), no white space or control characters, bounded length.
     */
    static boolean isVersion(String s) {
        if (s == null || s.isEmpty() || s.length() > MAX_LENGTH || !Character.isDigit(s.charAt(0))) return false;
        if (s.contains("${")) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c) || c == '/' || c == '\\') return false;
        }
        return true;
    }
}
