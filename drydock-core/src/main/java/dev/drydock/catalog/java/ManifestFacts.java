package dev.drydock.catalog.java;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The few {@code META-INF/MANIFEST.MF} attributes that say what an archive is, read conservatively.
 *
 * <p>Used: {@code Implementation-Title} (only when it is an id, not prose such as "Apache Tomcat"),
 * {@code Implementation-Version}, else {@code Bundle-Version}, and {@code Implementation-Vendor-Id}
 * as a groupId (older Maven archivers wrote the groupId there). Not used for coordinates:
 * {@code Specification-*} (the specification implemented — Tomcat says 10.1 for 10.1.16),
 * {@code Automatic-Module-Name} (a Java module name such as {@code spring.core}), and
 * {@code Bundle-SymbolicName}, whose split into group and artifact is a guess that is as often
 * wrong ({@code org.apache.tomcat-embed-core}, {@code org.opentest4j}) as right.
 *
 * <p>Attributes come from the main section; when it has no version, from the first per-entry
 * section that has a title and a version (some Maven builds put them there).
 */
record ManifestFacts(String title, String version, String vendorId) {
    private static final Pattern HEADER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
    /** Java package names used as titles by Ant builds ("org.apache.tools.ant"): not an artifactId. */
    private static final Pattern PACKAGE_NAME = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*){2,}");
    private static final Set<String> WANTED = Set.of(
            "implementation-title", "implementation-version", "implementation-vendor-id", "bundle-version");

    /**
     * @throws MalformedMetadataException for a line that is neither "Name: value" nor a continuation
     */
    static ManifestFacts parse(byte[] content) throws MalformedMetadataException {
        String text = new String(content, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) text = text.substring(1);
        Map<String, String> main = null;
        Map<String, String> section = new HashMap<>();
        Map<String, String> fallback = null;
        String key = null;
        StringBuilder value = null;
        int lineNo = 0;
        for (String line : text.split("\r\n|\r|\n", -1)) {
            lineNo++;
            if (line.startsWith(" ")) {
                if (key == null) throw new MalformedMetadataException("continuation without a header on line " + lineNo);
                if (value != null) value.append(line, 1, line.length());
                continue;
            }
            if (key != null) {
                store(section, key, value);
                key = null;
                value = null;
            }
            if (line.isEmpty()) {
                // end of a section: the first is the main one
                if (main == null) {
                    main = section;
                } else if (fallback == null && section.containsKey("implementation-version") && section.containsKey("implementation-title")) {
                    fallback = section;
                }
                section = new HashMap<>();
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || !HEADER.matcher(line.substring(0, colon)).matches()) {
                throw new MalformedMetadataException("line " + lineNo + " is not a \"Name: value\" header");
            }
            String name = line.substring(0, colon).toLowerCase(java.util.Locale.ROOT);
            key = name;
            // only the wanted values are kept, so a huge manifest costs no more than its bytes
            value = WANTED.contains(name) ? new StringBuilder(line.substring(colon + 1)) : null;
        }
        if (key != null) store(section, key, value);
        if (main == null) {
            main = section;
        } else if (fallback == null && section.containsKey("implementation-version") && section.containsKey("implementation-title")) {
            fallback = section;
        }
        Map<String, String> use = main;
        if (!main.containsKey("implementation-version") && fallback != null) use = fallback;
        String version = use.get("implementation-version");
        if (!Coordinates.isVersion(version)) version = null;
        if (version == null) {
            version = main.get("bundle-version");
            if (!Coordinates.isVersion(version)) version = null;
        }
        String title = use.get("implementation-title");
        if (title != null && !TOKEN.matcher(title).matches()) title = null;
        if (title != null && title.length() > Coordinates.MAX_LENGTH) title = null;
        String vendorId = use.get("implementation-vendor-id");
        if (vendorId == null) vendorId = main.get("implementation-vendor-id");
        if (!Coordinates.isId(vendorId)) vendorId = null;
        return new ManifestFacts(title, version, vendorId);
    }

    private static void store(Map<String, String> section, String key, StringBuilder value) {
        if (value == null) return;
        String v = value.toString().strip();
        if (!v.isEmpty()) section.putIfAbsent(key, v);
    }

    /** Whether the title reads like a Java package rather than an artifact. */
    boolean titleIsPackageName() {
        return title != null && PACKAGE_NAME.matcher(title).matches();
    }
}
