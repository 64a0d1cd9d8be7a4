package dev.drydock.catalog.rpm;

/**
 * The source package named by SOURCERPM, e.g. {@code curl-7.76.1-14.el9.src.rpm} → {@code curl},
 * {@code 7.76.1-14.el9}. The file name carries no epoch, so neither does the version.
 */
public record SourceRpm(String name, String version) {

    /** Null when the text is not {@code name-version-release.(no)src.rpm}. */
    public static SourceRpm parse(String fileName) {
        if (fileName == null) return null;
        String base;
        if (fileName.endsWith(".src.rpm")) base = fileName.substring(0, fileName.length() - ".src.rpm".length());
        else if (fileName.endsWith(".nosrc.rpm")) base = fileName.substring(0, fileName.length() - ".nosrc.rpm".length());
        else return null;
        // Names may contain dashes, versions and releases may not, so split from the right.
        int releaseDash = base.lastIndexOf('-');
        if (releaseDash <= 0) return null;
        int versionDash = base.lastIndexOf('-', releaseDash - 1);
        if (versionDash <= 0 || versionDash + 1 == releaseDash || releaseDash + 1 == base.length()) return null;
        return new SourceRpm(base.substring(0, versionDash), base.substring(versionDash + 1));
    }
}
