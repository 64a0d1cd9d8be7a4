package dev.drydock.catalog.java;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Properties;

/**
 * A {@code pom.properties} that Maven writes into every jar it builds, under
 * {@code META-INF/maven/<groupId>/<artifactId>/}; shading plugins copy those of the embedded
 * artifacts alongside, so one archive may hold several.
 *
 * @param entry the file's path inside its archive
 */
record PomProperties(Coordinates coordinates, String entry) {

    /**
     * Reads the three coordinates; anything else (name, build time, …) is ignored.
     *
     * @throws MalformedMetadataException if one is missing or not a plausible id/version
     */
    static PomProperties parse(byte[] content, String entry) throws MalformedMetadataException {
        Properties p = new Properties();
        try {
            // Maven writes these with java.util.Properties: ISO-8859-1 with \\u escapes
            p.load(new ByteArrayInputStream(content));
        } catch (IOException | IllegalArgumentException e) {
            throw new MalformedMetadataException("unreadable (" + e.getMessage() + ")");
        }
        String group = value(p, "groupId");
        String artifact = value(p, "artifactId");
        String version = value(p, "version");
        if (group == null || artifact == null || version == null) {
            throw new MalformedMetadataException("no " + (group == null ? "groupId" : artifact == null ? "artifactId" : "version"));
        }
        if (!Coordinates.isId(group) || !Coordinates.isId(artifact)) {
            throw new MalformedMetadataException("groupId or artifactId has characters Maven does not allow");
        }
        if (!Coordinates.isVersion(version)) throw new MalformedMetadataException("implausible version");
        return new PomProperties(new Coordinates(group, artifact, version), entry);
    }

    private static String value(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null) return null;
        v = v.strip();
        return v.isEmpty() ? null : v;
    }
}
