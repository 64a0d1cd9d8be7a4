package dev.drydock.catalog;

import dev.drydock.model.UntrustedText;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.drydock.model.UntrustedText.printable;

/**
 * {@code pnpm-lock.yaml}. Versions 5 and 6 list every package under {@code packages} with a
 * {@code dev} flag ({@code true}: only development needs it) and keys {@code /name/1.0.0_peer} (v5)
 * or {@code /name@1.0.0(peer)} (v6). Version 9 dropped the flag: {@code packages} holds
 * {@code name@1.0.0} and the dependency graph moved to {@code snapshots}, so the production set is
 * what the importers' {@code dependencies} and {@code optionalDependencies} reach through it.
 */
final class PnpmLockReader {
    private static final String KIND = "pnpm";
    private static final List<String> PRODUCTION = List.of("dependencies", "optionalDependencies");

    private PnpmLockReader() {
    }

    static List<FileResult> read(String path, byte[] content, Warnings warnings) throws IOException {
        if (content.length > LanguagePackages.MAX_TREE_BYTES) {
            throw new IOException(content.length + " bytes is over the limit of " + LanguagePackages.MAX_TREE_BYTES);
        }
        Map<String, Object> root = YamlTree.map(YamlTree.read(content));
        String lockfileVersion = YamlTree.string(root.get("lockfileVersion"));
        int major = major(lockfileVersion);
        if (major < 5) throw new IOException("unsupported lockfileVersion " + (lockfileVersion == null ? "(none)" : printable(lockfileVersion)));
        NpmLockCollector c = new NpmLockCollector(path, KIND, false);
        Map<String, Object> packages = YamlTree.map(root.get("packages"));
        Map<String, Object> importers = YamlTree.map(root.get("importers"));
        if (major >= 9 && !importers.isEmpty()) {
            fromSnapshots(importers, YamlTree.map(root.get("snapshots")), packages, c);
        } else {
            fromDevFlags(packages, major, c);
        }
        return c.finish(warnings);
    }

    private static int major(String v) {
        if (v == null) return -1;
        int i = 0;
        while (i < v.length() && Character.isDigit(v.charAt(i))) i++;
        try {
            return i == 0 || i > 3 ? -1 : Integer.parseInt(v.substring(0, i));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void fromDevFlags(Map<String, Object> packages, int major, NpmLockCollector c) {
        for (Map.Entry<String, Object> e : packages.entrySet()) {
            if (c.full()) return;
            Map<String, Object> entry = YamlTree.map(e.getValue());
            if ("true".equals(YamlTree.string(entry.get("dev")))) continue;
            // packages from git, tarballs or other registries carry their name and version as fields
            String name = YamlTree.string(entry.get("name"));
            String version = YamlTree.string(entry.get("version"));
            if (name == null || version == null) {
                String[] nv = major >= 6 ? atKey(e.getKey()) : slashKey(e.getKey());
                if (nv == null) {
                    c.nonRegistry();
                    continue;
                }
                if (name == null) name = nv[0];
                if (version == null) version = nv[1];
            }
            c.add(name, version, "true".equals(YamlTree.string(entry.get("optional"))));
        }
    }

    /** v5: {@code /@scope/name/1.0.0_peer@2.0.0} (peer names have {@code /} written as {@code +}). */
    private static String[] slashKey(String key) {
        if (!key.startsWith("/")) return null;
        String s = key.substring(1);
        int nameEnd = s.indexOf('/');
        if (s.startsWith("@") && nameEnd > 0) nameEnd = s.indexOf('/', nameEnd + 1);
        if (nameEnd <= 0) return null;
        String version = s.substring(nameEnd + 1);
        int peers = version.indexOf('_');
        if (peers < 0) peers = version.indexOf('(');
        return new String[]{s.substring(0, nameEnd), peers < 0 ? version : version.substring(0, peers)};
    }

    /** v6: {@code /@scope/name@1.0.0(peer@2.0.0)}; v9: the same without the leading slash. */
    private static String[] atKey(String key) {
        return NpmNames.splitAt(withoutPeers(key.startsWith("/") ? key.substring(1) : key));
    }

    private static String withoutPeers(String key) {
        int paren = key.indexOf('(');
        return paren < 0 ? key : key.substring(0, paren);
    }

    private static void fromSnapshots(Map<String, Object> importers, Map<String, Object> snapshots,
                                      Map<String, Object> packages, NpmLockCollector c) {
        Set<String> reached = new LinkedHashSet<>();
        Deque<String> queue = new ArrayDeque<>();
        for (Object importer : importers.values()) {
            for (String section : PRODUCTION) {
                for (Map.Entry<String, Object> d : YamlTree.map(YamlTree.map(importer).get(section)).entrySet()) {
                    Object spec = d.getValue();
                    String version = spec instanceof String s ? s : YamlTree.string(YamlTree.map(spec).get("version"));
                    enqueue(snapshotKey(d.getKey(), version), reached, queue);
                }
            }
        }
        while (!queue.isEmpty()) {
            Map<String, Object> snapshot = YamlTree.map(snapshots.get(queue.poll()));
            for (String section : PRODUCTION) {
                for (Map.Entry<String, Object> d : YamlTree.map(snapshot.get(section)).entrySet()) {
                    enqueue(snapshotKey(d.getKey(), YamlTree.string(d.getValue())), reached, queue);
                }
            }
        }
        for (String key : reached) {
            if (c.full()) return;
            String packageKey = withoutPeers(key);
            String[] nv = NpmNames.splitAt(packageKey);
            if (nv == null) {
                c.invalid();
                continue;
            }
            String version = YamlTree.string(YamlTree.map(packages.get(packageKey)).get("version"));
            if (version == null) {
                version = nv[1];
                if (version.indexOf(':') >= 0 || version.indexOf('/') >= 0) {
                    c.nonRegistry();
                    continue;
                }
            }
            boolean optional = "true".equals(YamlTree.string(YamlTree.map(snapshots.get(key)).get("optional")));
            c.add(nv[0], version, optional);
        }
    }

    private static void enqueue(String key, Set<String> reached, Deque<String> queue) {
        if (key != null && reached.add(key)) queue.add(key);
    }

    /**
     * The snapshot a dependency resolves to: {@code name@version} for a plain version
     * ({@code 4.4.3(supports-color@8.1.1)}), the version itself for an alias ({@code lodash@4.17.21}),
     * none for a workspace link.
     */
    static String snapshotKey(String name, String version) {
        if (version == null || version.isEmpty() || version.startsWith("link:")) return null;
        if (!Character.isDigit(version.charAt(0))) {
            String[] alias = NpmNames.splitAt(version);
            if (alias != null && alias[0].indexOf(':') < 0 && NpmNames.valid(alias[0])) return version;
        }
        return name + "@" + version;
    }
}
