package dev.drydock.image;

import dev.drydock.model.Platform;

import java.time.Duration;
import java.util.Objects;

/**
 * How to talk to a registry.
 *
 * @param insecure       speak plain HTTP to the registry and accept any TLS certificate (self-signed
 *                       registries, token services and blob storage behind redirects)
 * @param platform       which image of a multi-platform index to pick
 * @param credentials    where credentials come from; asked only when a registry demands authentication
 * @param connectTimeout TCP/TLS connection set-up
 * @param readTimeout    longest wait for response headers, and longest silence in the middle of a body
 * @param retry          what happens after 429, 5xx, resets and timeouts
 */
public record RegistryOptions(boolean insecure, Platform platform, CredentialSource credentials, Limits limits,
                              Duration connectTimeout, Duration readTimeout, RetryPolicy retry) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(15);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);

    public RegistryOptions {
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(retry, "retry");
        if (connectTimeout.isNegative() || connectTimeout.isZero() || readTimeout.isNegative() || readTimeout.isZero()) {
            throw new IllegalArgumentException("registry timeouts must be positive");
        }
    }

    /** Anonymous, TLS, linux/amd64, default limits, timeouts and retries. */
    public static RegistryOptions defaults() {
        return new RegistryOptions(false, Platform.LINUX_AMD64, CredentialSource.anonymous(), Limits.DEFAULT,
                DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT, RetryPolicy.DEFAULT);
    }

    public RegistryOptions withInsecure(boolean b) {
        return new RegistryOptions(b, platform, credentials, limits, connectTimeout, readTimeout, retry);
    }

    public RegistryOptions withPlatform(Platform p) {
        return new RegistryOptions(insecure, p, credentials, limits, connectTimeout, readTimeout, retry);
    }

    public RegistryOptions withCredentials(CredentialSource c) {
        return new RegistryOptions(insecure, platform, c, limits, connectTimeout, readTimeout, retry);
    }

    public RegistryOptions withLimits(Limits l) {
        return new RegistryOptions(insecure, platform, credentials, l, connectTimeout, readTimeout, retry);
    }

    public RegistryOptions withTimeouts(Duration connect, Duration read) {
        return new RegistryOptions(insecure, platform, credentials, limits, connect, read, retry);
    }

    public RegistryOptions withRetry(RetryPolicy r) {
        return new RegistryOptions(insecure, platform, credentials, limits, connectTimeout, readTimeout, r);
    }
}
