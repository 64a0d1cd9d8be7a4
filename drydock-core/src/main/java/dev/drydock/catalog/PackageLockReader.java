package dev.drydock.catalog;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.List;

/**
 * {@code package-lock.json} / {@code npm-shrinkwrap.json}. Version 2 and 3 files describe the
 * installed tree in {@code packages}, keyed by install path; version 1 files (npm ≤ 6) nest
 * {@code dependencies} within {@code dependencies}. A v2 file carries both, and {@code packages}
 * wins. Large monorepo lockfiles run to tens of megabytes, so the file is streamed: only one
 * {@code packages} entry at a time becomes a tree.
 */
final class PackageLockReader {
    private static final String NODE_MODULES = NpmNames.NODE_MODULES + "/";

    private PackageLockReader() {
    }

    static List<FileResult> read(String path, byte[] content, String kind, Warnings warnings) throws IOException {
        NpmLockCollector fromPackages = new NpmLockCollector(path, kind, false);
        NpmLockCollector fromDependencies = new NpmLockCollector(path, kind, false);
        boolean sawPackages = false;
        try (JsonParser p = LanguagePackages.JSON.createParser(content)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new IOException("not a JSON object");
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                if (field.equals("packages") && v == JsonToken.START_OBJECT) {
                    sawPackages = true;
                    readPackages(p, fromPackages);
                } else if (field.equals("dependencies") && v == JsonToken.START_OBJECT) {
                    readDependencies(p, fromDependencies);
                } else {
                    p.skipChildren();
                }
            }
            if (t != JsonToken.END_OBJECT) throw new IOException("unexpected " + t);
        }
        return (sawPackages ? fromPackages : fromDependencies).finish(warnings);
    }

    /** v2/v3: {@code "node_modules/a/node_modules/@s/b": {version, dev, optional, …}}. */
    private static void readPackages(JsonParser p, NpmLockCollector c) throws IOException {
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken v = p.nextToken();
            if (v != JsonToken.START_OBJECT) {
                p.skipChildren();
                c.invalid();
                continue;
            }
            if (c.full()) {
                p.skipChildren();
                continue;
            }
            packageEntry(key, LanguagePackages.MAPPER.readTree(p), c);
        }
        if (t != JsonToken.END_OBJECT) throw new IOException("unexpected " + t + " in packages");
    }

    private static void packageEntry(String key, JsonNode e, NpmLockCollector c) {
        // "" is the application itself; keys outside node_modules are its workspace folders (its own code)
        int nm = key.lastIndexOf(NODE_MODULES);
        if (key.isEmpty() || nm < 0 || (nm > 0 && key.charAt(nm - 1) != '/')) return;
        // a link points at a workspace folder; dev-only packages are not installed in production
        if (e.path("link").asBoolean(false) || e.path("dev").asBoolean(false)) return;
        String name = LanguagePackages.text(e, "name");
        if (name == null) name = key.substring(nm + NODE_MODULES.length());
        String version = LanguagePackages.text(e, "version");
        if (version == null) {
            if (e.has("resolved")) c.nonRegistry();
            else c.invalid();
            return;
        }
        // devOptional: a dev dependency that is also an optional one of a production package, so installed
        boolean optional = e.path("optional").asBoolean(false) || e.path("devOptional").asBoolean(false);
        c.add(name, version, optional);
    }

    /** v1: {@code "name": {version, dev, optional, dependencies: {…}}}, nested where versions conflict. */
    private static void readDependencies(JsonParser p, NpmLockCollector c) throws IOException {
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            if (p.nextToken() != JsonToken.START_OBJECT) {
                p.skipChildren();
                c.invalid();
                continue;
            }
            String version = null;
            boolean dev = false;
            boolean optional = false;
            JsonToken f;
            while ((f = p.nextToken()) == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                if (field.equals("dependencies") && v == JsonToken.START_OBJECT) {
                    readDependencies(p, c);
                    continue;
                }
                switch (field) {
                    case "version" -> version = v == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "dev" -> dev = v == JsonToken.VALUE_TRUE;
                    case "optional" -> optional = v == JsonToken.VALUE_TRUE;
                    default -> {
                    }
                }
                p.skipChildren(); // a no-op on scalars
            }
            if (f != JsonToken.END_OBJECT) throw new IOException("unexpected " + f + " in dependencies");
            if (!dev) v1Entry(name, version, optional, c);
        }
        if (t != JsonToken.END_OBJECT) throw new IOException("unexpected " + t + " in dependencies");
    }

    private static void v1Entry(String name, String version, boolean optional, NpmLockCollector c) {
        if (version == null) {
            c.invalid();
            return;
        }
        if (version.startsWith("npm:")) {
            // an alias: installed under one name, the package is another
            String[] real = NpmNames.splitAt(version.substring(4));
            if (real == null) {
                c.invalid();
                return;
            }
            c.add(real[0], real[1], optional);
        } else if (version.indexOf(':') >= 0 || version.indexOf('/') >= 0) {
            // git+https://…#sha, github:user/repo#sha, file:../x — v1 records the source, not the version
            c.nonRegistry();
        } else {
            c.add(name, version, optional);
        }
    }
}
