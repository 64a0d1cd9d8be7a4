package dev.drydock.catalog.java;

import java.util.Locale;
import java.util.Set;

/**
 * What an archive's file name says: {@code spring-core-6.1.2.jar} → artifact {@code spring-core},
 * version {@code 6.1.2}. The version begins at a dash followed by a digit; when several dashes
 * qualify, the first one after which no plain word is followed by another number — so
 * {@code log4j-1.2-api-2.17.1} is log4j-1.2-api 2.17.1 while {@code foo-1.0-beta-2} stays foo 1.0-beta-2.
 *
 * @param stem     the name without directory and archive extension
 * @param artifact the part before the version, or the whole stem when there is no version
 * @param version  null when the name carries none
 */
record ArchiveFileName(String stem, String artifact, String version) {
    private static final Set<String> EXTENSIONS = Set.of("jar", "war", "ear", "par", "jpi", "hpi");
    /** Words that belong to versions, not names (1.0-beta-2, 2.0-rc-1, 1.0-SNAPSHOT-3 …). */
    private static final Set<String> QUALIFIERS = Set.of("alpha", "a", "beta", "b", "rc", "cr", "m", "milestone",
            "snapshot", "final", "ga", "release", "sp", "pre", "preview", "patch", "build", "ea", "dev", "r");

    static boolean isArchiveName(String name) {
        int dot = name.lastIndexOf('.');
        return dot >= 0 && dot > name.lastIndexOf('/') && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    static ArchiveFileName of(String path) {
        String base = path.substring(path.lastIndexOf('/') + 1);
        String stem = isArchiveName(base) ? base.substring(0, base.lastIndexOf('.')) : base;
        String[] parts = stem.split("-", -1);
        for (int i = 1; i < parts.length; i++) {
            if (startsWithDigit(parts[i]) && !laterNameWordBeforeNumber(parts, i)) {
                String artifact = String.join("-", java.util.Arrays.copyOfRange(parts, 0, i));
                String version = String.join("-", java.util.Arrays.copyOfRange(parts, i, parts.length));
                if (!artifact.isEmpty() && Coordinates.isVersion(version)) return new ArchiveFileName(stem, artifact, version);
            }
        }
        return new ArchiveFileName(stem, stem, null);
    }

    private static boolean laterNameWordBeforeNumber(String[] parts, int from) {
        for (int j = from + 1; j + 1 < parts.length; j++) {
            if (isWord(parts[j]) && !QUALIFIERS.contains(parts[j].toLowerCase(Locale.ROOT)) && startsWithDigit(parts[j + 1])) return true;
        }
        return false;
    }

    private static boolean isWord(String s) {
        if (s.isEmpty()) return false;
        for (int i = 0; i < s.length(); i++) if (!Character.isLetter(s.charAt(i))) return false;
        return true;
    }

    private static boolean startsWithDigit(String s) {
        return !s.isEmpty() && s.charAt(0) >= '0' && s.charAt(0) <= '9';
    }

    /**
     * Whether this file is named after the artifact: {@code artifact-version}, optionally with a
     * classifier ({@code -sources}, {@code -linux-x86_64}), optionally prefixed by the groupId as in
     * Quarkus' {@code lib/main/io.quarkus.gizmo.gizmo-1.1.jar}, or just {@code artifact} for files
     * named without a version.
     */
    boolean namedFor(Coordinates c) {
        String av = c.artifactId() + "-" + c.version();
        if (stem.equals(av) || stem.startsWith(av + "-") || stem.equals(c.artifactId())) return true;
        if (c.groupId() == null) return false;
        String gav = c.groupId() + "." + av;
        return stem.equals(gav) || stem.startsWith(gav + "-");
    }
}
