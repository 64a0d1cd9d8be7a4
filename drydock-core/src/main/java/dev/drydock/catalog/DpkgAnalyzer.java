package dev.drydock.catalog;

import dev.drydock.model.UntrustedText;
import dev.drydock.image.LayerWalker;
import dev.drydock.model.Package;
import dev.drydock.model.PackageType;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Debian packages: {@code var/lib/dpkg/status}, the one-file-per-package {@code status.d/} of
 * distroless images, and the files each package installed ({@code info/*.list}, or
 * {@code status.d/*.md5sums} where there is no list).
 */
public final class DpkgAnalyzer implements Analyzer {
    static final String STATUS = "var/lib/dpkg/status";
    static final String STATUS_D = "var/lib/dpkg/status.d/";
    static final String INFO = "var/lib/dpkg/info/";

    @Override
    public String name() {
        return "dpkg";
    }

    @Override
    public int version() {
        return 1;
    }

    @Override
    public boolean wants(String path) {
        if (path.equals(STATUS)) return true;
        if (path.startsWith(STATUS_D)) return path.indexOf('/', STATUS_D.length()) < 0;
        return path.startsWith(INFO) && path.endsWith(".list") && path.indexOf('/', INFO.length()) < 0;
    }

    @Override
    public List<FileResult> analyze(String path, byte[] content, Warnings warnings) {
        if (path.startsWith(INFO)) {
            String owner = path.substring(INFO.length(), path.length() - ".list".length());
            return List.of(new FileResult.OwnedFiles(owner, lines(content, "")));
        }
        if (path.startsWith(STATUS_D) && path.endsWith(".md5sums")) {
            String owner = path.substring(STATUS_D.length(), path.length() - ".md5sums".length());
            List<String> files = new ArrayList<>();
            for (String line : lines(content, "")) {
                int sp = line.indexOf("  ");
                if (sp > 0) files.add("/" + line.substring(sp + 2));
            }
            return List.of(new FileResult.OwnedFiles(owner, files));
        }
        ControlParagraphs.Result parsed = ControlParagraphs.parse(content);
        List<Package> packages = new ArrayList<>();
        int unusable = 0;
        for (Map<String, String> p : parsed.paragraphs()) {
            if (packages.size() >= MAX_PACKAGES_PER_FILE) {
                warnings.add(UntrustedText.printable(path) + ": stopped after " + MAX_PACKAGES_PER_FILE + " packages");
                break;
            }
            String name = p.get("Package");
            String version = p.get("Version");
            if (name == null || name.isBlank() || version == null || version.isBlank()) {
                unusable++;
                continue;
            }
            if (!installed(p.get("Status"), path)) continue;
            String arch = p.get("Architecture");
            String sourceName = null;
            String sourceVersion = null;
            String source = p.get("Source");
            if (source != null && !source.isBlank()) {
                int paren = source.indexOf('(');
                if (paren > 0 && source.endsWith(")")) {
                    sourceName = source.substring(0, paren).strip();
                    sourceVersion = source.substring(paren + 1, source.length() - 1).strip();
                } else {
                    sourceName = source.strip();
                }
            }
            if (sourceName == null) sourceName = name;
            if (sourceVersion == null) sourceVersion = version;
            packages.add(new Package(PackageType.DEB, name, version, arch, sourceName, sourceVersion, List.of(), null, null, path, List.of()));
        }
        if (unusable > 0 || parsed.malformedLines() > 0) {
            warnings.add(UntrustedText.printable(path) + ": skipped " + unusable + " unusable entries and " + parsed.malformedLines() + " malformed lines");
        }
        return List.of(new FileResult.Packages(packages));
    }

    /**
     * dpkg keeps removed packages with their config files; only "installed" counts. Distroless
     * status.d entries often carry no Status field at all: they are installed by construction.
     */
    private static boolean installed(String status, String path) {
        if (status == null) return path.startsWith(STATUS_D);
        String[] words = status.trim().split("\\s+");
        // The third word is the package state; "deinstall ok installed" is still on disk.
        return words.length == 3 && words[2].equals("installed");
    }

    private static List<String> lines(byte[] content, String prefix) {
        List<String> out = new ArrayList<>();
        for (String line : new String(content, StandardCharsets.UTF_8).split("\n")) {
            String t = line.strip();
            if (!t.isEmpty() && !t.equals("/.")) out.add(prefix + t);
        }
        return out;
    }
}
