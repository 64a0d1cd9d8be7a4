package dev.drydock.cli;

import dev.drydock.catalog.Catalog;
import dev.drydock.catalog.Cataloger;
import dev.drydock.catalog.LayerCache;
import dev.drydock.catalog.Warnings;
import dev.drydock.image.CredentialSource;
import dev.drydock.image.ImageSource;
import dev.drydock.image.RegistryCredentials;
import dev.drydock.image.ImageSources;
import dev.drydock.image.Limits;
import dev.drydock.image.SourceOptions;
import dev.drydock.model.Platform;
import dev.drydock.sbom.SbomFormat;
import dev.drydock.sbom.SbomTimestamp;
import dev.drydock.sbom.SbomWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;

@Command(name = "sbom", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"List the packages in an image as CycloneDX, SPDX, JSON or a table.",
                "",
                "IMAGE is a registry reference (debian:12, ghcr.io/org/app@sha256:…), docker-archive:PATH, "
                        + "oci:PATH[:ref], oci-archive:PATH[:ref] or dir:PATH; an existing path is recognised without a prefix.",
                "It may also be an SBOM (CycloneDX JSON/XML, SPDX JSON/tag-value): sbom:PATH, a recognised file, or - for standard input; "
                        + "then drydock converts it."})
final class SbomCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ParentCommand
    Main parent;

    @Parameters(index = "0", paramLabel = "IMAGE", description = "The image to read.")
    String image;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "${env:DRYDOCK_FORMAT:-table}", converter = FormatConverter.class,
            description = "table, json, cyclonedx or spdx (default: ${DEFAULT-VALUE}).")
    SbomFormat format;

    static final class FormatConverter implements picocli.CommandLine.ITypeConverter<SbomFormat> {
        @Override
        public SbomFormat convert(String value) {
            return SbomFormat.fromId(value);
        }
    }

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of standard output.")
    Path output;

    @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]", defaultValue = "${env:DRYDOCK_PLATFORM:-linux/amd64}",
            description = "Image to take from a multi-platform index (default: ${DEFAULT-VALUE}).")
    String platform;

    @Option(names = "--insecure", defaultValue = "${env:DRYDOCK_INSECURE:-false}",
            description = "Talk to the registry over plain HTTP / unverified TLS.")
    boolean insecure;

    @Option(names = "--username", paramLabel = "USER", defaultValue = "${env:DRYDOCK_USERNAME}",
            description = "Registry user; the password comes from DRYDOCK_PASSWORD or --password-stdin. "
                    + "Without it, credentials come from ~/.docker/config.json and its credential helpers.")
    String username;

    @Option(names = "--password-stdin", description = "Read the registry password from standard input.")
    boolean passwordStdin;

    @Option(names = "--all-packages", description = "Also list language packages that an OS package installed (they are OS packages first).")
    boolean allPackages;

    @Option(names = "--no-cache", description = "Analyse every layer afresh and do not store results.")
    boolean noCache;

    @Option(names = {"-q", "--quiet"}, description = "No progress and no warnings on standard error.")
    boolean quiet;

    @Option(names = "--debug", description = "Print stack traces for errors.")
    boolean debug;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        Platform plat = Platform.parse(platform);
        Path cacheRoot = LayerCache.defaultCacheRoot();
        SourceOptions options = new SourceOptions(plat, insecure, Limits.DEFAULT, cacheRoot.resolve("tmp"), credentials());
        Warnings warnings = new Warnings(quiet ? m -> {
        } : m -> {
            err.println("warning: " + m);
            err.flush();
        });
        Progress progress = new Progress(err, !quiet && Boolean.getBoolean("drydock.stderr.tty"));
        LayerCache cache = noCache ? null : new LayerCache(cacheRoot.resolve("layers"), 512L << 20);
        Catalog catalog;
        SbomInput sbom = SbomInput.detect(image);
        if (sbom != null) {
            catalog = sbom.read();
            catalog.warnings().forEach(warnings::add);
        } else {
            try (ImageSource source = ImageSources.open(image, options)) {
                progress.resolved(source.metadata());
                catalog = new Cataloger(Cataloger.defaultAnalyzers(), cache, Limits.DEFAULT, Runtime.getRuntime().availableProcessors())
                        .includeOsOwned(allPackages)
                        .catalog(source, warnings, progress);
            } finally {
                progress.done();
            }
        }
        write(format.writer(Main.version(), SbomTimestamp.fromEnvironment()), catalog);
        return Main.OK;
    }

    /** Explicit credentials apply to whichever registry asks; none means the docker CLI's configuration. */
    private CredentialSource credentials() throws IOException {
        if (username == null || username.isBlank()) {
            if (passwordStdin) throw new IllegalArgumentException("--password-stdin needs --username");
            return null;
        }
        String password = passwordStdin
                ? new String(System.in.readNBytes(64 * 1024), java.nio.charset.StandardCharsets.UTF_8).strip()
                : System.getenv("DRYDOCK_PASSWORD");
        if (password == null) throw new IllegalArgumentException("--username needs a password: set DRYDOCK_PASSWORD or use --password-stdin");
        return CredentialSource.of(RegistryCredentials.basic(username, password));
    }

    /** A file is written to a temporary sibling and moved into place, so a failure never leaves half a document. */
    private void write(SbomWriter w, Catalog catalog) throws IOException {
        if (output == null) {
            spec.commandLine().getOut().flush();
            w.write(catalog, parent.stdout);
            parent.stdout.flush();
            return;
        }
        Path abs = output.toAbsolutePath();
        if (Files.exists(abs) && !Files.isRegularFile(abs)) { // /dev/null, a named pipe: nothing to protect
            try (OutputStream out = Files.newOutputStream(abs)) {
                w.write(catalog, out);
            }
            return;
        }
        Path tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName() + "-", ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                w.write(catalog, out);
            }
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
