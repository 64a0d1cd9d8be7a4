package dev.drydock.catalog;

import dev.drydock.model.UntrustedText;
import dev.drydock.image.BadInputException;
import dev.drydock.image.ImageSource;
import dev.drydock.image.LayerStream;
import dev.drydock.image.LayerVisitor;
import dev.drydock.image.LayerWalker;
import dev.drydock.image.Limits;
import dev.drydock.model.Digest;
import dev.drydock.model.Layer;
import dev.drydock.model.OsRelease;
import dev.drydock.model.Package;
import dev.drydock.model.PackageType;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/**
 * Runs the analyzers over an image: each layer on its own (in parallel, or from the cache), then
 * squashes the layers' results and finishes the packages (OS, purls, owned files).
 */
public final class Cataloger {

    /** Told about each layer as it completes. */
    public interface Progress {
        void layerDone(int done, int total, long bytes, boolean cached);

        Progress NONE = (d, t, b, c) -> {
        };
    }

    /** Output order; analyzers of other tools' data may leave any of these fields empty. */
    private static final Comparator<Package> ORDER = Comparator.comparing((Package p) -> p.type().ordinal())
            .thenComparing(p -> Objects.requireNonNullElse(p.name(), ""))
            .thenComparing(p -> Objects.requireNonNullElse(p.version(), ""))
            .thenComparing(p -> Objects.requireNonNullElse(p.arch(), ""))
            .thenComparing(p -> Objects.requireNonNullElse(p.path(), ""));

    private final List<Analyzer> analyzers;
    private final LayerCache cache;
    private final Limits limits;
    private final int threads;
    private final String analyzerKey;
    private boolean includeOsOwned;

    /** @param cache null to analyse every layer afresh */
    public Cataloger(List<Analyzer> analyzers, LayerCache cache, Limits limits, int threads) {
        this.analyzers = List.copyOf(analyzers);
        this.cache = cache;
        this.limits = limits;
        this.threads = Math.max(1, threads);
        this.analyzerKey = analyzers.stream().map(a -> a.name() + ":" + a.version()).sorted().collect(Collectors.joining(","));
    }

    /**
     * Also report language packages whose files an OS package installed (Debian's python3-*, Go
     * programs packaged by the distribution). Off by default: they are OS packages first, and the
     * distribution's advisories are the ones that apply to them.
     */
    public Cataloger includeOsOwned(boolean include) {
        this.includeOsOwned = include;
        return this;
    }

    /** Every analyzer drydock runs by default: adding a package format is one line here. */
    public static List<Analyzer> defaultAnalyzers() {
        return List.of(new OsReleaseAnalyzer(), new DpkgAnalyzer(), new DebianCopyrightAnalyzer(), new ApkAnalyzer(), new RpmAnalyzer(),
                new NpmPackageAnalyzer(), new NpmLockfileAnalyzer(), new PythonPackageAnalyzer(), new GemspecAnalyzer(),
                new ComposerInstalledAnalyzer(), new DotNetDepsAnalyzer(), new JavaArchiveAnalyzer(), new ElfBinaryAnalyzer());
    }

    public Catalog catalog(ImageSource source, Warnings warnings, Progress progress) throws IOException {
        List<LayerAnalysis> layers;
        var root = source.rootDirectory();
        if (root.isPresent()) {
            layers = List.of(analyzeDirectory(root.get(), warnings));
        } else {
            layers = analyzeLayers(source, warnings, progress);
        }
        LayerSquasher squasher = new LayerSquasher();
        for (int i = 0; i < layers.size(); i++) squasher.apply(i, layers.get(i));
        return finish(source, squasher.result(), warnings);
    }

    private List<LayerAnalysis> analyzeLayers(ImageSource source, Warnings warnings, Progress progress) throws IOException {
        List<Layer> layers = source.metadata().layers();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, Math.max(1, layers.size())), r -> {
            Thread t = new Thread(r, "drydock-layer");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<LayerAnalysis>> futures = new ArrayList<>();
            int[] done = {0};
            for (Layer layer : layers) {
                futures.add(pool.submit(() -> {
                    boolean[] cached = {false};
                    LayerAnalysis a = analyzeLayer(source, layer, cached);
                    synchronized (done) {
                        progress.layerDone(++done[0], layers.size(), layer.size(), cached[0]);
                    }
                    return a;
                }));
            }
            List<LayerAnalysis> out = new ArrayList<>();
            for (Future<LayerAnalysis> f : futures) {
                LayerAnalysis a = get(f);
                a.warnings().forEach(warnings::add);
                out.add(a);
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private static LayerAnalysis get(Future<LayerAnalysis> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof BadInputException b) throw b;
            if (c instanceof IOException io) throw io;
            if (c instanceof UncheckedIOException u) throw u.getCause();
            if (c instanceof RuntimeException r) throw r;
            if (c instanceof Error err) throw err;
            throw new IOException(c);
        }
    }

    private LayerAnalysis analyzeLayer(ImageSource source, Layer layer, boolean[] cached) throws IOException {
        if (cache != null && layer.diffId() != null) {
            var hit = cache.get(layer.diffId(), analyzerKey);
            if (hit.isPresent()) {
                cached[0] = true;
                return hit.get();
            }
        }
        Collector c = new Collector(layer.diffId(), "layer " + (layer.index() + 1) + ": ");
        try (LayerStream stream = source.openLayer(layer)) {
            new LayerWalker(limits).walkTar(stream.tar(), c);
            stream.finish();
        }
        LayerAnalysis a = c.result();
        // Only verified layers reach the cache: finish() threw otherwise.
        if (cache != null && layer.diffId() != null) cache.put(analyzerKey, a);
        return a;
    }

    private LayerAnalysis analyzeDirectory(Path root, Warnings warnings) throws IOException {
        Collector c = new Collector(null, "");
        new LayerWalker(limits).walkDirectory(root, c);
        LayerAnalysis a = c.result();
        a.warnings().forEach(warnings::add);
        return a;
    }

    /** Gathers one layer's results; runs on one thread per layer. */
    private final class Collector implements LayerVisitor {
        private final Digest diffId;
        private final String prefix;
        private final Map<String, List<FileResult>> results = new LinkedHashMap<>();
        private final Set<String> whiteouts = new LinkedHashSet<>();
        private final Set<String> opaque = new LinkedHashSet<>();
        private final Warnings warnings = new Warnings();

        Collector(Digest diffId, String prefix) {
            this.diffId = diffId;
            this.prefix = prefix;
        }

        @Override
        public boolean wants(String path, long size, int mode) {
            for (Analyzer a : analyzers) if (a.wants(path, mode, size)) return true;
            return false;
        }

        /**
         * One interested streaming analyzer reads the entry as it passes; otherwise the file is read
         * into memory once (bounded) and every interested analyzer parses the same bytes.
         */
        @Override
        public void file(String path, long size, int mode, InputStream content) throws IOException {
            List<Analyzer> interested = analyzers.stream().filter(a -> a.wants(path, mode, size)).toList();
            List<FileResult> out = new ArrayList<>();
            if (interested.size() == 1 && interested.get(0).streams()) {
                run(interested.get(0), path, out, a -> a.analyze(path, content, size, warningsFor()));
            } else if (size > limits.maxFileBytes()) {
                warnings.add(prefix + "skipped " + UntrustedText.printable(path) + ": " + size + " bytes is over the file limit of " + limits.maxFileBytes());
            } else {
                byte[] data = content.readNBytes((int) size);
                if (data.length != size) throw new BadInputException("layer is truncated inside " + UntrustedText.printable(path));
                for (Analyzer a : interested) {
                    run(a, path, out, x -> x.streams()
                            ? x.analyze(path, new java.io.ByteArrayInputStream(data), size, warningsFor())
                            : x.analyze(path, data, warningsFor()));
                }
            }
            results.put(path, out);
        }

        private Warnings warningsFor() {
            return new Warnings(m -> warnings.add(prefix + m));
        }

        private interface Call {
            List<FileResult> apply(Analyzer a) throws IOException;
        }

        /** An analyzer that fails costs its file, never the scan. */
        private void run(Analyzer a, String path, List<FileResult> out, Call call) {
            try {
                out.addAll(call.apply(a));
            } catch (BadInputException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                warnings.add(prefix + a.name() + " could not read " + UntrustedText.printable(path) + ": " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : " " + UntrustedText.printable(e.getMessage())));
            }
        }

        /** The same bytes under another name: the link gets the target's results, recorded at its own path. */
        @Override
        public void hardLink(String path, String target) {
            List<FileResult> linked = new ArrayList<>();
            for (FileResult r : results.getOrDefault(target, List.of())) {
                linked.add(r instanceof FileResult.Packages p
                        ? new FileResult.Packages(p.packages().stream().map(pkg -> pkg.withPath(relink(pkg.path(), target, path))).toList())
                        : r);
            }
            results.put(path, linked);
        }

        @Override
        public void shadowed(String path) {
            results.put(path, List.of());
        }

        @Override
        public void whiteout(String path) {
            whiteouts.add(path);
            // A whiteout in this layer removes lower copies only; a file added after it in the same layer stays.
        }

        @Override
        public void opaque(String dir) {
            opaque.add(dir);
        }

        @Override
        public void warning(String message) {
            warnings.add(prefix + message);
        }

        LayerAnalysis result() {
            return new LayerAnalysis(diffId, results, whiteouts, opaque, warnings.list());
        }
    }

    /** Drops language packages recorded in a file that an OS package installed. */
    private static List<Package> withoutOsOwned(List<Package> packages) {
        Set<String> owned = new HashSet<>();
        for (Package p : packages) if (p.type().isOs()) owned.addAll(p.files());
        if (owned.isEmpty()) return packages;
        List<Package> out = new ArrayList<>(packages.size());
        for (Package p : packages) {
            if (!p.type().isOs() && p.path() != null && owned.contains("/" + outermost(p.path()))) continue;
            out.add(p);
        }
        return out;
    }

    /** {@code target!/inner} becomes {@code link!/inner}. */
    private static String relink(String packagePath, String target, String link) {
        return packagePath != null && packagePath.startsWith(target) ? link + packagePath.substring(target.length()) : packagePath;
    }

    /** A package inside an archive is recorded as {@code outer.jar!/inner.jar}: the image file is the outer one. */
    static String outermost(String path) {
        int bang = path.indexOf("!/");
        return bang < 0 ? path : path.substring(0, bang);
    }

    private Catalog finish(ImageSource source, Map<String, List<FileResult>> files, Warnings warnings) {
        List<FileResult.OsFound> osFound = new ArrayList<>();
        Map<String, List<String>> owned = new HashMap<>();
        Map<String, List<String>> licenses = new HashMap<>();
        List<Package> packages = new ArrayList<>();
        for (List<FileResult> results : files.values()) {
            for (FileResult r : results) {
                switch (r) {
                    case FileResult.OsFound f -> osFound.add(f);
                    case FileResult.OwnedFiles o -> owned.computeIfAbsent(o.packageName(), k -> new ArrayList<>()).addAll(o.files());
                    case FileResult.PackageLicenses l -> licenses.put(l.packageName(), l.licenses());
                    case FileResult.Packages p -> packages.addAll(p.packages());
                }
            }
        }
        OsRelease os = OsReleaseAnalyzer.resolve(osFound);
        List<Package> finished = new ArrayList<>(packages.size());
        for (Package p : packages) {
            Package q = p;
            if (q.type() == PackageType.DEB && q.files().isEmpty()) {
                List<String> f = owned.get(q.name() + ":" + q.arch());
                if (f == null) f = owned.get(q.name());
                if (f != null) q = q.withFiles(f);
            }
            if (q.type() == PackageType.DEB && q.licenses().isEmpty() && licenses.containsKey(q.name())) {
                q = q.withLicenses(licenses.get(q.name()));
            }
            if (q.type().isOs() && q.purl() == null) q = q.withPurl(Purls.osPackage(q, os));
            finished.add(q);
        }
        if (!includeOsOwned) finished = withoutOsOwned(finished);
        finished = new ArrayList<>(NpmLockfileRule.apply(finished));
        finished.sort(ORDER);
        if (os == null && !finished.isEmpty()) warnings.add("could not identify the operating system (no os-release)");
        return new Catalog(source.metadata(), os, finished, warnings.list());
    }
}
