package dev.drydock.image;

import dev.drydock.model.Platform;

import java.nio.file.Path;

/**
 * How to open an image.
 *
 * @param platform   which image of a multi-platform index to take
 * @param insecure   plain HTTP (and unverified TLS) for registries
 * @param scratchDir  where a compressed archive may be decompressed for random access (under the cache)
 * @param credentials registry credentials; null means those of the docker CLI's config
 */
public record SourceOptions(Platform platform, boolean insecure, Limits limits, Path scratchDir, CredentialSource credentials) {
    public SourceOptions {
        if (platform == null) platform = Platform.LINUX_AMD64;
        if (limits == null) limits = Limits.DEFAULT;
    }

    public SourceOptions(Platform platform, boolean insecure, Limits limits, Path scratchDir) {
        this(platform, insecure, limits, scratchDir, null);
    }

    RegistryOptions registryOptions() {
        return RegistryOptions.defaults()
                .withInsecure(insecure)
                .withPlatform(platform)
                .withLimits(limits)
                .withCredentials(credentials != null ? credentials : DockerConfig.load());
    }
}
