package dev.drydock.catalog.java;

import dev.drydock.catalog.Warnings;
import dev.drydock.model.Package;
import dev.drydock.model.PackageType;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads one Java archive as it streams past — with every archive nested in it, from the enclosing
 * zip stream, without temporary files — and turns what it finds into Maven packages. One instance
 * per outermost archive; not thread-safe.
 *
 * <p>Each archive (outer or nested) yields the packages of its pom.properties files and, when it can
 * be identified, itself (see {@link ArchiveIdentity}); its path is the image path of the outermost
 * archive followed by {@code !/} and the entry path at each level, as in
 * {@code app/app.jar!/BOOT-INF/lib/spring-core-6.1.2.jar}. Package attributes:
 * <ul>
 *   <li>{@value #SHA1}: SHA-1 (hex) of the archive the package is — absent on artifacts merely
 *       embedded in an archive, whose bytes are not a file of their own;</li>
 *   <li>{@value #EVIDENCE}: {@code pom.properties}, {@code manifest} or {@code filename}, the source
 *       of the coordinates (in falling order of trust);</li>
 *   <li>{@value #EMBEDDED}: for an artifact shaded into an archive that is something else, the
 *       entry path of its pom.properties.</li>
 * </ul>
 */
public final class ArchiveScanner {
    public static final String SHA1 = "sha1";
    public static final String EVIDENCE = "java.evidence";
    public static final String EMBEDDED = "java.embedded";

    private final ArchiveLimits limits;
    private final Warnings warnings;
    private final InflationBudget budget;
    private final long outerSize;
    private final List<Package> packages = new ArrayList<>();
    private int recorded;
    private boolean packageLimitWarned;

    /** @param size bytes of the outermost archive, which scale the inflation budget */
    public ArchiveScanner(ArchiveLimits limits, long size, Warnings warnings) {
        this.limits = limits;
        this.warnings = warnings;
        this.outerSize = size;
        this.budget = new InflationBudget(limits.inflatedBudget(size));
    }

    /** Whether a file name has one of the Java archive extensions (jar, war, ear, par, jpi, hpi), in any case. */
    public static boolean isArchiveName(String path) {
        return ArchiveFileName.isArchiveName(path);
    }

    /**
     * Reads the archive at {@code path} from {@code content}, to its end, and leaves it open.
     * Bad content costs warnings, never an exception.
     *
     * @throws IOException only when {@code content} itself fails (a broken image layer)
     */
    public List<Package> scan(String path, InputStream content) throws IOException {
        read(new Archive(path, ArchiveFileName.of(path), 0), content);
        return packages;
    }

    private enum EntryKind { POM_PROPERTIES, MANIFEST, ARCHIVE, OTHER }

    /** One archive being read: what it has shown so far. */
    private static final class Archive {
        final String path;
        final ArchiveFileName file;
        final int depth;
        final List<PomProperties> poms = new ArrayList<>();
        ManifestFacts manifest;
        int entries;
        boolean notZip;

        Archive(String path, ArchiveFileName file, int depth) {
            this.path = path;
            this.file = file;
            this.depth = depth;
        }
    }

    /**
     * Reads one archive to the end of {@code source} and emits its packages. Its own corruption
     * costs a warning; a failure of {@code source} (the enclosing zip broke, or the budget ran out)
     * is thrown on to the enclosing archive after emitting what was found.
     */
    private void read(Archive a, InputStream source) throws IOException {
        SourceGuard guard = new SourceGuard(source);
        Sha1InputStream hashed = new Sha1InputStream(guard);
        try {
            readEntries(a, hashed);
        } catch (IOException | RuntimeException e) {
            if (guard.failure() == null && !budget.exceeded()) ownFailure(a, e);
        }
        IOException upstream = guard.failure();
        if (upstream == null && budget.exceeded() && a.depth > 0) upstream = new InflationBudget.InflationLimitException(budget.limit());
        if (upstream != null) {
            emit(a, null);
            throw upstream;
        }
        if (budget.exceeded()) {
            warn(a.path + ": stopped after " + budget.limit() + " uncompressed bytes, the limit for a " + outerSize
                    + "-byte archive (a decompression bomb?); kept what was found before");
        }
        try {
            hashed.drain();
        } catch (IOException e) {
            emit(a, null);
            throw e;
        }
        emit(a, hashed.hex());
    }

    private void ownFailure(Archive a, Throwable e) {
        if (e instanceof ZipStreamReader.NotAZipException) {
            a.notZip = true;
            warn(a.path + ": " + e.getMessage() + "; skipped");
            return;
        }
        boolean cut = e instanceof EOFException || String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("truncated");
        String what = cut ? "truncated" : "corrupt";
        warn(a.path + ": " + what + " archive after " + a.entries + " entries (" + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "); kept what was found before");
    }

    private void readEntries(Archive a, InputStream hashed) throws IOException {
        try (ZipStreamReader zip = new ZipStreamReader(hashed, budget)) {
            ZipStreamReader.Entry e;
            while ((e = zip.next()) != null) {
                if (++a.entries > limits.maxEntries()) {
                    warn(a.path + ": more than " + limits.maxEntries() + " entries; read no further, kept what was found before");
                    return;
                }
                if (e.isDirectory()) continue;
                String name = e.name();
                EntryKind kind = kindOf(name);
                if (kind == EntryKind.OTHER) continue;
                if (name.length() > limits.maxNameLength()) {
                    warn(a.path + ": entry name of " + name.length() + " characters; skipped");
                } else if (!e.readable()) {
                    warn(a.path + "!/" + name + ": " + (e.encrypted() ? "encrypted" : "unsupported compression method " + e.method()) + "; skipped");
                } else {
                    switch (kind) {
                        case POM_PROPERTIES -> readPom(a, zip, e, name);
                        case MANIFEST -> readManifest(a, zip, e, name);
                        case ARCHIVE -> readNested(a, zip, name);
                        default -> throw new IllegalStateException();
                    }
                }
            }
        }
    }

    private static EntryKind kindOf(String name) {
        if (name.equalsIgnoreCase("META-INF/MANIFEST.MF")) return EntryKind.MANIFEST;
        // Maven writes META-INF/maven/<g>/<a>/pom.properties; repackagers move META-INF under
        // BOOT-INF/classes or WEB-INF/classes, and some put them elsewhere below a META-INF
        if (name.endsWith("/pom.properties") && (name.startsWith("META-INF/") || name.contains("/META-INF/"))) {
            return EntryKind.POM_PROPERTIES;
        }
        if (ArchiveFileName.isArchiveName(name)) return EntryKind.ARCHIVE;
        return EntryKind.OTHER;
    }

    private void readPom(Archive a, ZipStreamReader zip, ZipStreamReader.Entry e, String name) throws IOException {
        byte[] data = readMetadata(a, zip, e, name);
        if (data == null) return;
        try {
            PomProperties p = PomProperties.parse(data, name);
            for (PomProperties seen : a.poms) if (seen.coordinates().equals(p.coordinates())) return;
            if (roomForPackage()) a.poms.add(p);
        } catch (MalformedMetadataException m) {
            warn(a.path + "!/" + name + ": malformed pom.properties (" + m.getMessage() + "); ignored");
        }
    }

    private void readManifest(Archive a, ZipStreamReader zip, ZipStreamReader.Entry e, String name) throws IOException {
        if (a.manifest != null) return;
        byte[] data = readMetadata(a, zip, e, name);
        if (data == null) return;
        try {
            a.manifest = ManifestFacts.parse(data);
        } catch (MalformedMetadataException m) {
            warn(a.path + "!/" + name + ": malformed manifest (" + m.getMessage() + "); ignored");
        }
    }

    private byte[] readMetadata(Archive a, ZipStreamReader zip, ZipStreamReader.Entry e, String name) throws IOException {
        int max = limits.maxMetadataBytes();
        byte[] data = e.size() > max ? null : zip.content().readNBytes(max + 1);
        if (data == null || data.length > max) {
            warn(a.path + "!/" + name + ": larger than " + max + " bytes; ignored");
            return null;
        }
        return data;
    }

    private void readNested(Archive a, ZipStreamReader zip, String name) throws IOException {
        String path = a.path + "!/" + name;
        if (a.depth + 1 > limits.maxDepth()) {
            warn(path + ": nested more than " + limits.maxDepth() + " archives deep; skipped");
            return;
        }
        read(new Archive(path, ArchiveFileName.of(name), a.depth + 1), zip.content());
    }

    private boolean roomForPackage() {
        if (recorded < limits.maxPackages()) {
            recorded++;
            return true;
        }
        if (!packageLimitWarned) {
            packageLimitWarned = true;
            warn("more than " + limits.maxPackages() + " packages in one archive; the rest are not reported");
        }
        return false;
    }

    /** The archive's own package (with its SHA-1) and those of the artifacts embedded in it, each once. */
    private void emit(Archive a, String sha1) {
        if (a.notZip) return;
        ArchiveIdentity.Resolution self = ArchiveIdentity.resolve(a.file, a.poms, a.manifest);
        Set<Coordinates> seen = new LinkedHashSet<>();
        if (self.coordinates() != null && (self.pom() != null || roomForPackage())) {
            Map<String, String> attributes = new TreeMap<>();
            if (sha1 != null) attributes.put(SHA1, sha1);
            attributes.put(EVIDENCE, self.evidence().label);
            add(a, self.coordinates(), attributes, seen);
        }
        for (PomProperties p : a.poms) {
            if (p == self.pom()) continue;
            add(a, p.coordinates(), Map.of(EVIDENCE, ArchiveIdentity.Evidence.POM_PROPERTIES.label, EMBEDDED, p.entry()), seen);
        }
    }

    private void add(Archive a, Coordinates c, Map<String, String> attributes, Set<Coordinates> seen) {
        if (!seen.add(c)) return;
        packages.add(new Package(PackageType.MAVEN, c.name(), c.version(), null, null, null, List.of(), c.purl(),
                null, a.path, List.of(), attributes));
    }

    private void warn(String message) {
        warnings.add(printable(message));
    }

    /** Names come from the image: no control characters, and long paths keep their informative end. */
    private static String printable(String s) {
        String t = s.replaceAll("\\p{Cntrl}", "?");
        return t.length() > 400 ? "…" + t.substring(t.length() - 400) : t;
    }
}
