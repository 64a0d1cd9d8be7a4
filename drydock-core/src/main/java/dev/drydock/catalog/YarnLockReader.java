package dev.drydock.catalog;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * {@code yarn.lock}. Yarn 1 writes its own indented text: an entry is a line of comma-separated
 * descriptors ({@code "name@range", name@range:}) followed by indented {@code key value} lines, of
 * which only {@code version} matters here. Yarn 2+ (Berry) writes YAML with a {@code __metadata}
 * entry and a {@code resolution} ({@code name@npm:1.2.3}) per package. Neither marks
 * development-only packages.
 */
final class YarnLockReader {
    private static final String KIND = "yarn";

    private YarnLockReader() {
    }

    static List<FileResult> read(String path, byte[] content, Warnings warnings) throws IOException {
        String text = LanguagePackages.strictUtf8(content);
        if (text.contains("\n__metadata:") || text.startsWith("__metadata:")) return berry(path, content, warnings);
        return classic(path, text, warnings);
    }

    private static List<FileResult> classic(String path, String text, Warnings warnings) throws IOException {
        NpmLockCollector c = new NpmLockCollector(path, KIND, true);
        String descriptor = null;
        String version = null;
        int entries = 0;
        int malformed = 0;
        for (int start = 0, end; start < text.length() && !c.full(); start = end + 1) {
            end = text.indexOf('\n', start);
            if (end < 0) end = text.length();
            String line = text.substring(start, end > start && text.charAt(end - 1) == '\r' ? end - 1 : end);
            if (line.isBlank() || line.startsWith("#")) continue;
            if (!Character.isWhitespace(line.charAt(0))) {
                if (descriptor != null) classicEntry(descriptor, version, c);
                descriptor = null;
                version = null;
                if (!line.endsWith(":")) {
                    malformed++;
                    continue;
                }
                entries++;
                descriptor = firstDescriptor(line.substring(0, line.length() - 1));
            } else if (descriptor != null && line.startsWith("  ") && !line.startsWith("   ")) {
                String field = line.strip();
                int sp = field.indexOf(' ');
                if (sp > 0 && field.substring(0, sp).equals("version")) version = unquote(field.substring(sp + 1).strip());
            }
        }
        if (descriptor != null) classicEntry(descriptor, version, c);
        if (entries == 0 && malformed > 0) throw new IOException("no yarn.lock entries");
        c.invalid(malformed);
        return c.finish(warnings);
    }

    /** {@code "@babel/core@^7.0.0", "@babel/core@^7.1.0"} → {@code @babel/core@^7.0.0}. */
    private static String firstDescriptor(String header) {
        int comma = header.indexOf(", ");
        return unquote((comma < 0 ? header : header.substring(0, comma)).strip());
    }

    private static void classicEntry(String descriptor, String version, NpmLockCollector c) {
        String[] parts = NpmNames.splitAt(descriptor);
        if (parts == null || version == null) {
            c.invalid();
            return;
        }
        String name = parts[0];
        String range = parts[1];
        if (range.startsWith("npm:")) {
            // an alias (name@npm:real@range): the package is the real one
            String[] real = NpmNames.splitAt(range.substring(4));
            if (real != null) name = real[0];
        } else if (local(range)) {
            return;
        }
        c.add(name, version, false);
    }

    private static List<FileResult> berry(String path, byte[] content, Warnings warnings) throws IOException {
        if (content.length > LanguagePackages.MAX_TREE_BYTES) throw new IOException(content.length + " bytes is over the limit of " + LanguagePackages.MAX_TREE_BYTES);
        NpmLockCollector c = new NpmLockCollector(path, KIND, true);
        for (Map.Entry<String, Object> e : YamlTree.map(YamlTree.read(content)).entrySet()) {
            if (c.full()) break;
            if (e.getKey().equals("__metadata")) continue;
            Map<String, Object> entry = YamlTree.map(e.getValue());
            String resolution = YamlTree.string(entry.get("resolution"));
            String version = YamlTree.string(entry.get("version"));
            String[] parts = resolution == null ? null : NpmNames.splitAt(resolution);
            if (parts == null || version == null) {
                c.invalid();
                continue;
            }
            // workspace: the application itself; patch: a patched copy of a package listed on its own;
            // link:/portal:/file: local folders. Soft links are workspaces and links.
            if ("soft".equals(YamlTree.string(entry.get("linkType"))) || parts[1].startsWith("patch:") || local(parts[1])) continue;
            c.add(parts[0], version, false);
        }
        return c.finish(warnings);
    }

    private static boolean local(String range) {
        return range.startsWith("workspace:") || range.startsWith("link:") || range.startsWith("portal:") || range.startsWith("file:");
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }
}
