package dev.drydock.image;

import java.util.Optional;

/** Where credentials for a registry come from: nowhere, fixed values, or the docker CLI's config. */
@FunctionalInterface
public interface CredentialSource {

    /**
     * @param registry the registry as written in the image reference ({@code docker.io} for Docker Hub,
     *                 {@code host:port} otherwise)
     */
    Optional<RegistryCredentials> credentials(String registry);

    static CredentialSource anonymous() {
        return registry -> Optional.empty();
    }

    /** The same credentials for every registry, e.g. from command-line flags. */
    static CredentialSource of(RegistryCredentials credentials) {
        return registry -> Optional.of(credentials);
    }
}
