package dev.drydock.image;

import dev.drydock.model.Digest;
import dev.drydock.model.UntrustedText;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * The push side of the OCI Distribution API on top of a {@link RegistryClient}: blob existence check,
 * monolithic blob upload (POST for an upload session, then one PUT with the whole body) and manifest
 * PUT. Every request asks for the {@code repository:<name>:pull,push} scope. The client's retries
 * apply to idempotent requests; an upload is retried as a whole (new session), because a PUT into a
 * session that may already have been consumed cannot be repeated.
 */
public final class RegistryPush {
    /**
     * Slowest average upload rate we wait for. java.net.http counts sending the body against the
     * request timeout, so a large blob gets the read timeout plus its size at this rate.
     */
    static final long MIN_UPLOAD_BYTES_PER_SECOND = 64 * 1024;
    private static final String OCTET_STREAM = "application/octet-stream";

    private final RegistryClient client;
    private final RegistryOptions options;

    public RegistryPush(RegistryClient client) {
        this.client = client;
        this.options = client.options();
    }

    /** {@code HEAD /v2/<name>/blobs/<digest>}: true when the registry already has the blob (with the given size, when it says). */
    public boolean blobExists(String repository, Digest digest, long size) {
        RegistryClient.checkRepository(repository);
        String what = "blob " + digest + " of " + repository;
        URI uri = client.endpoint("/v2/" + repository + "/blobs/" + digest);
        try (RegistryHttp.Response r = client.exchange(new RegistryHttp.Request("HEAD", uri, Map.of(), null), repository, true,
                options.retry(), what)) {
            if (r.status() == 404) return false;
            if (r.status() != 200) {
                throw new BadInputException(client.http().registryName() + " answered HTTP " + r.status() + " to a check for " + what);
            }
            long length = r.headers().firstValueAsLong("Content-Length").orElse(-1);
            // a blob of another size under the same digest cannot be ours; upload rather than trust it
            return size < 0 || length < 0 || length == size;
        }
    }

    /** Uploads {@code bytes} as a blob unless the registry already has it. */
    public void pushBlob(String repository, Digest digest, byte[] bytes) {
        byte[] copy = bytes.clone();
        upload(repository, digest, copy.length, () -> HttpRequest.BodyPublishers.ofByteArray(copy));
    }

    /**
     * Uploads a file as a blob unless the registry already has it. {@code digest} and {@code size} are
     * what the caller computed; the registry checks the digest against what it received, and a file
     * changed in between is rejected by it.
     */
    public void pushBlob(String repository, Digest digest, long size, Path file) {
        try {
            if (Files.size(file) != size) throw new IllegalArgumentException(file + " is not " + size + " bytes long");
        } catch (IOException e) {
            throw new BadInputException("cannot read " + file + ": " + e.getMessage(), e);
        }
        upload(repository, digest, size, () -> {
            try {
                return HttpRequest.BodyPublishers.ofFile(file);
            } catch (java.io.FileNotFoundException e) {
                throw new BadInputException("cannot read " + file + ": " + e.getMessage(), e);
            }
        });
    }

    private void upload(String repository, Digest digest, long size, java.util.function.Supplier<HttpRequest.BodyPublisher> body) {
        RegistryClient.checkRepository(repository);
        if (blobExists(repository, digest, size)) return;
        String what = "upload of blob " + digest + " to " + repository;
        RetryPolicy policy = options.retry();
        for (int attempt = 1; ; attempt++) {
            try {
                uploadOnce(repository, digest, size, body, what);
                return;
            } catch (RetryableUpload e) {
                if (attempt >= policy.maxAttempts()) {
                    throw new BadInputException(what + " failed " + (attempt == 1 ? "" : attempt + " times, last: ") + e.getMessage(), e.getCause());
                }
                RetryPolicy.pause(policy.backoff(attempt + 1), "an upload");
            }
        }
    }

    /** A failure of one upload session that a fresh session may not repeat. */
    private static final class RetryableUpload extends RuntimeException {
        RetryableUpload(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private void uploadOnce(String repository, Digest digest, long size, java.util.function.Supplier<HttpRequest.BodyPublisher> body,
                            String what) {
        URI start = client.endpoint("/v2/" + repository + "/blobs/uploads/");
        URI location;
        RegistryHttp.Request post = new RegistryHttp.Request("POST", start, Map.of(), null);
        try (RegistryHttp.Response r = client.exchange(post, repository, true, options.retry(), what)) {
            if (r.status() != 202) {
                throw new BadInputException(client.http().registryName() + " answered HTTP " + r.status() + " when starting the " + what
                        + RegistryClient.errorSummary(RegistryClient.prefix(r)));
            }
            location = uploadLocation(r.uri(), r.header("Location"), what);
        }
        URI put = withDigest(location, digest);
        Duration timeout = options.readTimeout().plusSeconds(size / MIN_UPLOAD_BYTES_PER_SECOND);
        RegistryHttp.Request req = new RegistryHttp.Request("PUT", put, Map.of(), null, new RegistryHttp.Body(OCTET_STREAM, body, timeout));
        RegistryHttp.Response r;
        try {
            r = client.exchange(req, repository, true, RetryPolicy.NONE, what);
        } catch (RegistryHttp.StillFailing e) {
            throw new RetryableUpload(e.getMessage(), e);
        } catch (BadInputException e) {
            if (e.getCause() instanceof IOException io && RegistryHttp.retryable(io)) throw new RetryableUpload(e.getMessage(), e);
            throw e;
        }
        try (r) {
            if (r.status() == 201 || r.status() == 204) {
                Digest announced = RegistryClient.parseDigest(r.header("Docker-Content-Digest"));
                if (announced != null && !announced.equals(digest)) {
                    throw new BadInputException(client.http().registryName() + " stored the " + what + " as " + announced);
                }
                return;
            }
            String summary = RegistryClient.errorSummary(RegistryClient.prefix(r));
            if (RegistryHttp.retryable(r.status())) {
                throw new RetryableUpload(client.http().registryName() + " answered HTTP " + r.status() + " to the " + what + summary, null);
            }
            throw new BadInputException(client.http().registryName() + " answered HTTP " + r.status() + " to the " + what + summary);
        }
    }

    /**
     * The upload session URL from a 202's Location: relative to the request or absolute, keeping the
     * registry's own query (distribution puts its session state there). Plain HTTP after HTTPS is refused
     * unless insecure, as for redirects.
     */
    URI uploadLocation(URI base, String location, String what) {
        if (location == null || location.isBlank() || location.length() > 8192) {
            throw new BadInputException(client.http().registryName() + " started the " + what + " without a usable Location");
        }
        URI next;
        try {
            next = base.resolve(new URI(location.trim()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new BadInputException(client.http().registryName() + " sent a malformed upload Location for the " + what);
        }
        String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || next.getHost() == null) {
            throw new BadInputException(client.http().registryName() + " sent an unsupported upload Location for the " + what);
        }
        if (scheme.equals("http") && "https".equalsIgnoreCase(base.getScheme()) && !options.insecure()) {
            throw new BadInputException(client.http().registryName() + " wants the " + what + " sent over plain HTTP; refusing (use --insecure to allow)");
        }
        return next;
    }

    /** Appends {@code digest=…} to the session URL, after the query it may already have. */
    static URI withDigest(URI location, Digest digest) {
        String param = "digest=" + URLEncoder.encode(digest.toString(), StandardCharsets.UTF_8);
        String raw = location.toString();
        int hash = raw.indexOf('#');
        if (hash >= 0) raw = raw.substring(0, hash);
        String q = location.getRawQuery();
        String sep = q == null ? "?" : q.isEmpty() || raw.endsWith("&") ? "" : "&";
        return URI.create(raw + sep + param);
    }

    /**
     * {@code PUT /v2/<name>/manifests/<reference>} with {@code mediaType} as Content-Type. Returns the
     * digest of the bytes sent; when the registry announces a different one the push failed.
     */
    public Digest putManifest(String repository, String reference, String mediaType, byte[] manifest) {
        RegistryClient.checkRepository(repository);
        RegistryClient.checkReference(reference);
        long max = options.limits().maxJsonBytes();
        if (manifest.length > max) {
            throw new IllegalArgumentException("manifest is " + manifest.length + " bytes, over the limit of " + max + " bytes");
        }
        Digest digest = Digest.sha256(manifest);
        if (reference.contains(":") && !reference.equals(digest.toString())) {
            throw new IllegalArgumentException("manifest digest " + digest + " does not match the reference " + reference);
        }
        String what = "manifest " + repository + (reference.contains(":") ? "@" : ":") + reference;
        URI uri = client.endpoint("/v2/" + repository + "/manifests/" + reference);
        // a manifest PUT is idempotent: the client's own retries are safe here
        RegistryHttp.Request req = new RegistryHttp.Request("PUT", uri, Map.of(), null, RegistryHttp.Body.of(mediaType, manifest));
        try (RegistryHttp.Response r = client.exchange(req, repository, true, options.retry(), what)) {
            if (r.status() != 201 && r.status() != 200 && r.status() != 204) {
                throw new BadInputException(client.http().registryName() + " answered HTTP " + r.status() + " to the push of " + what
                        + RegistryClient.errorSummary(RegistryClient.prefix(r)));
            }
            Digest announced = RegistryClient.parseDigest(r.header("Docker-Content-Digest"));
            if (announced != null && !announced.equals(digest)) {
                throw new BadInputException(client.http().registryName() + " stored " + what + " under digest " + announced
                        + " but we sent " + digest + " (" + UntrustedText.printable(mediaType) + ")");
            }
            return digest;
        }
    }

}
