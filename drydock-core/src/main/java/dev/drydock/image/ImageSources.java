package dev.drydock.image;

import dev.drydock.model.UntrustedText;
import dev.drydock.model.ImageRef;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens an image from a user's reference: {@code docker-archive:PATH}, {@code oci:PATH[:ref]},
 * {@code oci-archive:PATH[:ref]}, {@code dir:PATH}, {@code registry:NAME} or a plain registry
 * reference; an existing path without a prefix is recognised by its content.
 */
public final class ImageSources {
    private ImageSources() {
    }

    public static ImageSource open(String spec, SourceOptions options) throws IOException {
        if (spec == null || spec.isBlank()) throw new BadInputException("no image given");
        String s = spec.strip();
        if (s.startsWith("docker-archive:")) return dockerArchive(s.substring("docker-archive:".length()), spec, options);
        if (s.startsWith("oci-archive:")) return ociArchive(s.substring("oci-archive:".length()), spec, options);
        if (s.startsWith("oci:")) return ociLayout(s.substring("oci:".length()), spec, options);
        if (s.startsWith("dir:")) return directory(Path.of(s.substring("dir:".length())), spec);
        if (s.startsWith("registry:")) return registry(s.substring("registry:".length()), options);
        if (s.startsWith("docker://")) return registry(s.substring("docker://".length()), options);
        Path p = Path.of(s);
        if (Files.exists(p)) return detect(p, spec, options);
        if (s.startsWith("/") || s.startsWith("./") || s.startsWith("../")) {
            throw new BadInputException("no such file or directory: " + UntrustedText.printable(s));
        }
        return registry(s, options);
    }

    /** An existing path: an OCI layout or root filesystem directory, or an archive. */
    /** The reference recorded for an auto-detected path names its kind, so nothing downstream mistakes it for a registry name. */
    private static ImageSource detect(Path p, String spec, SourceOptions options) throws IOException {
        if (Files.isDirectory(p)) {
            return Files.isRegularFile(p.resolve("oci-layout"))
                    ? new OciLayoutSource(new DirectoryTree(p), "oci:" + spec, null, options)
                    : directory(p, "dir:" + spec);
        }
        if (!Files.isRegularFile(p)) throw new BadInputException("not a file or directory: " + UntrustedText.printable(p.toString()));
        return archive(p, spec, null, options);
    }

    /** A tar holding manifest.json is a docker archive; one holding only an OCI layout is an OCI archive. */
    private static ImageSource archive(Path p, String spec, String ref, SourceOptions options) throws IOException {
        TarTree tree = new TarTree(p, scratch(options), options.limits());
        if (tree.size("manifest.json") >= 0) return new DockerArchiveSource(tree, "docker-archive:" + spec, ref, options);
        if (tree.size("oci-layout") >= 0) return new OciLayoutSource(tree, "oci-archive:" + spec, ref, options);
        tree.close();
        throw new BadInputException(UntrustedText.printable(p.toString()) + " is neither a docker archive nor an OCI archive");
    }

    private static ImageSource dockerArchive(String rest, String spec, SourceOptions options) throws IOException {
        PathAndRef pr = split(rest);
        TarTree tree = new TarTree(pr.path(), scratch(options), options.limits());
        if (tree.size("manifest.json") < 0) {
            tree.close();
            throw new BadInputException(UntrustedText.printable(pr.path().toString()) + " is not a docker archive (no manifest.json)");
        }
        return new DockerArchiveSource(tree, spec, pr.ref(), options);
    }

    private static ImageSource ociArchive(String rest, String spec, SourceOptions options) throws IOException {
        PathAndRef pr = split(rest);
        return new OciLayoutSource(new TarTree(pr.path(), scratch(options), options.limits()), spec, pr.ref(), options);
    }

    private static ImageSource ociLayout(String rest, String spec, SourceOptions options) throws IOException {
        PathAndRef pr = split(rest);
        if (!Files.isDirectory(pr.path())) throw new BadInputException("no OCI layout directory at " + UntrustedText.printable(pr.path().toString()));
        return new OciLayoutSource(new DirectoryTree(pr.path()), spec, pr.ref(), options);
    }

    private static ImageSource directory(Path p, String spec) {
        if (!Files.isDirectory(p)) throw new BadInputException("no directory at " + UntrustedText.printable(p.toString()));
        return new DirectorySource(p, spec);
    }

    private static ImageSource registry(String ref, SourceOptions options) throws IOException {
        ImageRef parsed;
        try {
            parsed = ImageRef.parse(ref);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage() + " (and no such file exists)");
        }
        return RegistrySource.open(parsed, options.registryOptions());
    }

    private record PathAndRef(Path path, String ref) {
    }

    /** {@code PATH[:REF]}: a path may itself contain ':', so the shortest existing prefix before a ':' is the path. */
    private static PathAndRef split(String rest) {
        if (rest.isEmpty()) throw new BadInputException("missing path");
        if (Files.exists(Path.of(rest))) return new PathAndRef(Path.of(rest), null);
        for (int colon = rest.indexOf(':'); colon > 0; colon = rest.indexOf(':', colon + 1)) {
            Path p = Path.of(rest.substring(0, colon));
            if (Files.exists(p)) {
                String ref = rest.substring(colon + 1);
                return new PathAndRef(p, ref.isEmpty() ? null : ref);
            }
        }
        throw new BadInputException("no such file or directory: " + UntrustedText.printable(rest));
    }

    private static Path scratch(SourceOptions options) {
        return options.scratchDir() != null ? options.scratchDir() : Path.of(System.getProperty("java.io.tmpdir"));
    }
}
