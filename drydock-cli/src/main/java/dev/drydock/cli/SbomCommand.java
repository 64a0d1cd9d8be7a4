package dev.drydock.cli;

import dev.drydock.catalog.Catalog;
import dev.drydock.sbom.SbomFormat;
import dev.drydock.sbom.SbomTimestamp;
import dev.drydock.sbom.SbomWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
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

    @Mixin
    ImageOptions imageOptions;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        Catalog catalog = imageOptions.catalog(image, err, imageOptions.warnings(err));
        SbomWriter w = format.writer(Main.version(), SbomTimestamp.fromEnvironment());
        spec.commandLine().getOut().flush();
        OutputFile.write(output, parent.stdout, out -> w.write(catalog, out));
        return Main.OK;
    }
}
