package dev.drydock.catalog.rpm;

import dev.drydock.model.Package;
import dev.drydock.model.PackageType;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * What drydock keeps from one installed rpm header. Vendor and size are read too, though
 * {@link Package} has no place for them yet, so the header reading is tested against rpm's own view.
 *
 * @param epoch null when the header has none (which rpm distinguishes from epoch 0)
 * @param size  installed size in bytes (LONGSIZE, else SIZE); null when absent
 * @param files absolute paths, in header order
 */
public record RpmPackageInfo(String name, Long epoch, String version, String release, String arch,
                             String sourceRpm, String license, String vendor, Long size, List<String> files) {

    public RpmPackageInfo {
        files = List.copyOf(files);
    }

    /**
     * Reads one header. A header without name, version or release is not a package and fails; a damaged
     * or over-budget file list only costs the file list, with a problem reported.
     */
    public static RpmPackageInfo from(RpmHeader h, Budget budget, Consumer<String> problems) throws RpmDbException {
        String name = required(h, RpmHeader.NAME, "NAME");
        String version = required(h, RpmHeader.VERSION, "VERSION");
        String release = required(h, RpmHeader.RELEASE, "RELEASE");
        Long size = h.has(RpmHeader.LONGSIZE) ? h.integer(RpmHeader.LONGSIZE) : h.integer(RpmHeader.SIZE);
        String label = name + "-" + version + "-" + release;
        List<String> files;
        try {
            files = files(h, budget, label, problems);
        } catch (RpmDbException e) {
            problems.accept("package " + label + ": file list unreadable, left out: " + e.getMessage());
            files = List.of();
        }
        return new RpmPackageInfo(name, h.integer(RpmHeader.EPOCH), version, release, h.string(RpmHeader.ARCH),
                h.string(RpmHeader.SOURCERPM), h.string(RpmHeader.LICENSE), h.string(RpmHeader.VENDOR), size, files);
    }

    /** {@code [epoch:]version-release}, the form rpm's version order compares. */
    public String fullVersion() {
        return (epoch == null ? "" : epoch + ":") + version + "-" + release;
    }

    /** rpm's pseudo-packages that hold imported signing keys rather than installed software. */
    public boolean isGpgPubkey() {
        return "gpg-pubkey".equals(name);
    }

    /** The catalog's view; purl and layer are filled in later by the cataloger. */
    public Package toPackage(String dbPath) {
        SourceRpm source = SourceRpm.parse(sourceRpm);
        List<String> licenses = license == null || license.isBlank() ? List.of() : List.of(license);
        return new Package(PackageType.RPM, name, fullVersion(), arch,
                source == null ? null : source.name(), source == null ? null : source.version(),
                licenses, null, null, dbPath, files);
    }

    private static String required(RpmHeader h, int tag, String tagName) throws RpmDbException {
        String v = h.string(tag);
        if (v == null || v.isEmpty()) throw new RpmDbException("header has no " + tagName);
        return v;
    }

    private static List<String> files(RpmHeader h, Budget budget, String label, Consumer<String> problems)
            throws RpmDbException {
        if (h.has(RpmHeader.BASENAMES)) return compressedFiles(h, budget, label, problems);
        if (h.has(RpmHeader.OLDFILENAMES)) {
            // Headers from before rpm 4.0 list whole paths.
            long n = h.count(RpmHeader.OLDFILENAMES);
            if (!budget.allowsFiles(n) || !budget.takeFiles(n, h.stringBytes(RpmHeader.OLDFILENAMES))) {
                return overBudget(label, n, problems);
            }
            return h.strings(RpmHeader.OLDFILENAMES);
        }
        return List.of();
    }

    private static List<String> compressedFiles(RpmHeader h, Budget budget, String label, Consumer<String> problems)
            throws RpmDbException {
        long n = h.count(RpmHeader.BASENAMES);
        // Counts are compared before anything is read, so a forged count allocates nothing.
        if (!budget.allowsFiles(n)) return overBudget(label, n, problems);
        if (h.count(RpmHeader.DIRINDEXES) != n) {
            throw new RpmDbException(n + " base names but " + h.count(RpmHeader.DIRINDEXES) + " directory indexes");
        }
        if (!budget.allowsFiles(h.count(RpmHeader.DIRNAMES))) return overBudget(label, n, problems);
        List<String> dirNames = h.strings(RpmHeader.DIRNAMES);
        long[] dirIndexes = h.integers(RpmHeader.DIRINDEXES);
        // Weighed before any path or base name is created: many files sharing one long directory name
        // cost far more than they store. Base names count in UTF-8 bytes, never fewer than their chars.
        long chars = h.stringBytes(RpmHeader.BASENAMES);
        for (int i = 0; i < dirIndexes.length; i++) {
            if (dirIndexes[i] >= dirNames.size()) {
                throw new RpmDbException("file " + i + " points at directory " + dirIndexes[i] + " of "
                        + dirNames.size());
            }
            chars += dirNames.get((int) dirIndexes[i]).length();
        }
        if (!budget.takeFiles(n, chars)) return overBudget(label, n, problems);
        List<String> baseNames = h.strings(RpmHeader.BASENAMES);
        List<String> paths = new ArrayList<>(baseNames.size());
        for (int i = 0; i < baseNames.size(); i++) paths.add(dirNames.get((int) dirIndexes[i]) + baseNames.get(i));
        return paths;
    }

    private static List<String> overBudget(String label, long n, Consumer<String> problems) {
        problems.accept("package " + label + ": its " + n + " files exceed what one database may list, file list left out");
        return List.of();
    }
}
