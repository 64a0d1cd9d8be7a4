package dev.drydock.cli;

import dev.drydock.catalog.Catalog;
import dev.drydock.catalog.Cataloger;
import dev.drydock.catalog.LayerCache;
import dev.drydock.catalog.Warnings;
import dev.drydock.image.ImageSource;
import dev.drydock.image.ImageSources;
import dev.drydock.image.Limits;
import dev.drydock.image.SourceOptions;
import dev.drydock.model.Platform;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;

/** How every command that reads an image (or an SBOM in its place) gets its catalog. */
final class ImageOptions {
    @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]", defaultValue = "${env:DRYDOCK_PLATFORM:-linux/amd64}",
            description = "Image to take from a multi-platform index (default: ${DEFAULT-VALUE}).")
    String platform;

    @Mixin
    RegistryAccess registry;

    @Option(names = "--all-packages", description = "Also list language packages that an OS package installed (they are OS packages first).")
    boolean allPackages;

    @Option(names = "--no-cache", description = "Analyse every layer afresh and do not store results.")
    boolean noCache;

    @Option(names = {"-q", "--quiet"}, description = "No progress and no warnings on standard error.")
    boolean quiet;

    @Option(names = "--debug", description = "Print stack traces for errors.")
    boolean debug;

    /** Warnings printed as they happen (unless quiet) and kept for the report. */
    Warnings warnings(PrintWriter err) {
        return new Warnings(quiet ? m -> {
        } : m -> {
            err.println("warning: " + m);
            err.flush();
        });
    }

    /** The catalog of {@code image}: read from the SBOM when it names one, else from the image itself. */
    Catalog catalog(String image, PrintWriter err, Warnings warnings) throws IOException {
        SbomInput sbom = SbomInput.detect(image);
        if (sbom != null) {
            Catalog catalog = sbom.read();
            catalog.warnings().forEach(warnings::add);
            return catalog;
        }
        Path cacheRoot = LayerCache.defaultCacheRoot();
        SourceOptions options = new SourceOptions(Platform.parse(platform), registry.insecure, Limits.DEFAULT, cacheRoot.resolve("tmp"),
                registry.explicitCredentials());
        Progress progress = new Progress(err, !quiet && Boolean.getBoolean("drydock.stderr.tty"));
        LayerCache cache = noCache ? null : new LayerCache(cacheRoot.resolve("layers"), 512L << 20);
        try (ImageSource source = ImageSources.open(image, options)) {
            progress.resolved(source.metadata());
            return new Cataloger(Cataloger.defaultAnalyzers(), cache, Limits.DEFAULT, Runtime.getRuntime().availableProcessors())
                    .includeOsOwned(allPackages)
                    .catalog(source, warnings, progress);
        } finally {
            progress.done();
        }
    }
}
