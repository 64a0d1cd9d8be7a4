package dev.drydock.catalog;

import dev.drydock.model.UntrustedText;
import dev.drydock.image.LayerWalker;
import dev.drydock.model.Package;
import dev.drydock.model.PackageType;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Alpine (and Wolfi/Chainguard) packages from {@code lib/apk/db/installed}: one block per package of
 * single-letter keys — P name, V version, A arch, o origin (source package), L license, F directory
 * and R file in that directory.
 */
public final class ApkAnalyzer implements Analyzer {
    static final String INSTALLED = "lib/apk/db/installed";
    private static final int MAX_FILES_PER_PACKAGE = 1_000_000;

    @Override
    public String name() {
        return "apk";
    }

    @Override
    public int version() {
        return 1;
    }

    @Override
    public boolean wants(String path) {
        return path.equals(INSTALLED);
    }

    @Override
    public List<FileResult> analyze(String path, byte[] content, Warnings warnings) {
        List<Package> out = new ArrayList<>();
        Block b = new Block();
        int malformed = 0;
        int incomplete = 0;
        for (String raw : new String(content, StandardCharsets.UTF_8).split("\n", -1)) {
            String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
            if (line.isBlank()) {
                if (out.size() >= MAX_PACKAGES_PER_FILE) {
                    warnings.add(UntrustedText.printable(path) + ": stopped after " + MAX_PACKAGES_PER_FILE + " packages");
                    b = new Block();
                    break;
                }
                incomplete += b.emit(out, path);
                b = new Block();
                continue;
            }
            if (line.length() < 2 || line.charAt(1) != ':') {
                malformed++;
                continue;
            }
            String v = line.substring(2);
            switch (line.charAt(0)) {
                case 'P' -> b.name = v;
                case 'V' -> b.version = v;
                case 'A' -> b.arch = v;
                case 'o' -> b.origin = v;
                case 'L' -> b.license = v;
                case 'F' -> b.dir = v;
                case 'R' -> {
                    if (b.files.size() < MAX_FILES_PER_PACKAGE) b.files.add("/" + (b.dir == null || b.dir.isEmpty() ? "" : b.dir + "/") + v);
                }
                default -> {
                    // other keys (checksums, sizes, dependencies) are not needed
                }
            }
        }
        incomplete += b.emit(out, path);
        if (malformed > 0 || incomplete > 0) {
            warnings.add(UntrustedText.printable(path) + ": skipped " + incomplete + " entries without name or version and " + malformed + " malformed lines");
        }
        return List.of(new FileResult.Packages(out));
    }

    private static final class Block {
        String name, version, arch, origin, license, dir;
        final List<String> files = new ArrayList<>();

        /** Adds the package if it is complete; returns 1 when an incomplete non-empty block was dropped. */
        int emit(List<Package> out, String path) {
            if (name == null && version == null && files.isEmpty()) return 0;
            if (name == null || name.isBlank() || version == null || version.isBlank()) return 1;
            List<String> licenses = license == null || license.isBlank() ? List.of() : List.of(license);
            String source = origin == null || origin.isBlank() ? name : origin;
            out.add(new Package(PackageType.APK, name, version, arch, source, version, licenses, null, null, path, files));
            return 0;
        }
    }
}
