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
 * as a groupId (older Maven archivers wrote the groupId there; in jars without pom.properties it
 * is usually right — org.postgresql, com.typesafe — except for umbrella namespaces under which no
 * artifact is published, such as the {@code org.apache} of Ant-built velocity and commons-chain,
 * which are ignored). Not used for coordinates:
 * {@code Specification-*} (the specification implemented — Tomcat says 10.1 for 10.1.16),
 * {@code Automatic-Module-Name} (a Java module name such as {@code spring.core}), and
 * {@code Bundle-SymbolicName}, whose split into group and artifact is a guess that is as often
 * wrong ({@code org.apache.tomcat-embed-core}, {@code org.opentest4j}) as right.
 *
 * <p>Attributes come from the main section; when it has no version, from the first per-entry
 * section that has a title and a version (some Maven builds put them there). Jenkins plugins
 * ({@code .hpi}/{@code .jpi}) name themselves with {@code Group-Id}, {@code Short-Name} and
 * {@code Plugin-Version}, which are used first. A manifest with {@code Weave-Classes} belongs to a
 * New Relic agent instrumentation module, named after the library it instruments ("spring-4.3.0")
 * without being it; such jars are not packages (Syft skips them for the same reason).
 *
 * @param title           an artifactId-like title, or null
 * @param version         a plausible version, or null
 * @param vendorId        a groupId-like vendor id, or null
 * @param instrumentation whether this is an agent instrumentation module rather than an artifact
 */
record ManifestFacts(String title, String version, String vendorId, boolean instrumentation) {
    private static final Pattern HEADER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
    /** Java package names used as titles by Ant builds ("org.apache.tools.ant"): not an artifactId. */
    private static final Pattern PACKAGE_NAME = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*){2,}");
    private static final Set<String> WANTED = Set.of(
            "implementation-title", "implementation-version", "implementation-vendor-id", "bundle-version",
            "group-id", "short-name", "plugin-version");
    private static final String WEAVE_CLASSES = "weave-classes";
    /** Vendor ids naming an organisation rather than a Maven group: taking them would give wrong purls. */
    private static final Set<String> UMBRELLA_VENDOR_IDS = Set.of("org.apache", "org.eclipse", "org.codehaus", "com.sun",
            "com.oracle", "com.google", "com.ibm", "com.microsoft");

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
        boolean instrumentation = false;
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
            if (name.equals(WEAVE_CLASSES)) instrumentation = true;
            // only the wanted values are kept, so a huge manifest costs no more than its bytes
            value = WANTED.contains(name) ? new StringBuilder(line.substring(colon + 1)) : null;
        }
        if (key != null) store(section, key, value);
        if (main == null) {
            main = section;
        } else if (fallback == null && section.containsKey("implementation-version") && section.containsKey("implementation-title")) {
            fallback = section;
        }
        String pluginName = main.get("short-name");
        String pluginVersion = main.get("plugin-version");
        if (Coordinates.isId(pluginName) && Coordinates.isVersion(pluginVersion)) {
            String group = main.get("group-id");
            return new ManifestFacts(pluginName, pluginVersion, Coordinates.isId(group) ? group : null, instrumentation);
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
        if (title != null && (title.length() > Coordinates.MAX_LENGTH || !TOKEN.matcher(title).matches())) title = null;
        String vendorId = use.get("implementation-vendor-id");
        if (vendorId == null) vendorId = main.get("implementation-vendor-id");
        if (!Coordinates.isId(vendorId) || UMBRELLA_VENDOR_IDS.contains(vendorId)) vendorId = null;
        return new ManifestFacts(title, version, vendorId, instrumentation);
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
