package dev.drydock.image;

import dev.drydock.model.UntrustedText;
import com.fasterxml.jackson.databind.JsonNode;
import dev.drydock.model.Digest;
import dev.drydock.model.ImageRef;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A client for one registry speaking the OCI Distribution API (pull side): the {@code /v2/} ping,
 * manifests and blobs, with authentication, redirects, retries and timeouts handled here so that
 * callers see either verified content or one clear {@link BadInputException}.
 *
 * <p>Scheme, decided by {@link #ping()}:
 * <ul>
 * <li>by default HTTPS only, with certificate checks;</li>
 * <li>with {@code insecure}: HTTPS accepting any certificate, falling back to plain HTTP when the
 *     port does not speak TLS or refuses the connection — what the docker CLI does for its
 *     insecure registries;</li>
 * <li>loopback registries ({@code localhost}, {@code 127.0.0.0/8}, {@code ::1}), which the docker CLI
 *     also treats as insecure: plain HTTP first, as local test and development registries speak it,
 *     switching to HTTPS (certificate checked unless {@code insecure}) when the port turns out to
 *     speak TLS (Go and nginx answer a plain request with "400 … HTTPS") or redirects there.</li>
 * </ul>
 */
public final class RegistryClient implements AutoCloseable {
    private static final Pattern LOOPBACK_V4 = Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    private static final int ERROR_BODY_PREFIX = 16 * 1024;
    /** Repository names and references end up in URL paths: only what the distribution spec allows. */
    private static final Pattern REPOSITORY = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");
    private static final Pattern REFERENCE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|sha(256:[a-f0-9]{64}|512:[a-f0-9]{128})");

    /** Names per page asked of the catalog and tag lists (registries may send fewer). */
    static final int LIST_PAGE = 1000;
    /** One page of a catalog or tag list: 1,000 names of at most 256 bytes fit well within. */
    static final long MAX_LIST_PAGE_BYTES = 4L << 20;
    static final int MAX_LIST_PAGES = 10_000;
    private static final Pattern NEXT_LINK = Pattern.compile("<([^>]*)>\\s*;[^,]*\\brel\\s*=\\s*\"?next\"?", Pattern.CASE_INSENSITIVE);

    /** Names a registry listed, in its order, and whether it had more than the cap let us take. */
    public record Listing(List<String> names, boolean truncated) {
        public Listing {
            names = List.copyOf(names);
        }
    }

    /**
     * What a tag names: {@code digest} is the image manifest a scan of the tag reads; {@code index} the
     * multi-platform index the tag points to, or null when it points to the manifest itself.
     */
    public record ResolvedTag(Digest digest, Digest index) {
    }

    /** A manifest or index as the registry sent it, with the digest we computed over its bytes. */
    public record FetchedManifest(byte[] body, String mediaType, Digest digest) {
    }

    private final String registry;
    private final String host;
    private final RegistryOptions options;
    private final RegistryHttp http;
    private final RegistryAuth auth;
    private final List<String> schemes;
    private volatile String scheme;
    private volatile boolean pinged;

    /** @param registry as in {@link ImageRef#registry()}: {@code docker.io} or {@code host[:port]} */
    public RegistryClient(String registry, RegistryOptions options) {
        this(registry, options, schemeOrder(options.insecure(), hostOf(apiHost(registry))));
    }

    /** With an explicit order of schemes to try (tests exercise the fallback on loopback registries). */
    RegistryClient(String registry, RegistryOptions options, List<String> schemes) {
        this.registry = registry;
        this.host = apiHost(registry);
        this.options = options;
        this.http = new RegistryHttp(registry, options);
        this.auth = new RegistryAuth(http, registry, options.credentials());
        this.schemes = List.copyOf(schemes);
        this.scheme = schemes.get(0);
    }

    /** Docker Hub is named docker.io in references but serves its API from another host. */
    private static String apiHost(String registry) {
        return ImageRef.DOCKER_HUB.equals(registry) ? "registry-1.docker.io" : registry;
    }

    static List<String> schemeOrder(boolean insecure, String host) {
        if (isLoopback(host)) return List.of("http", "https");
        return insecure ? List.of("https", "http") : List.of("https");
    }

    public String registry() {
        return registry;
    }

    /** The scheme in use: decided at construction, possibly upgraded to https by {@link #ping()}. */
    public String scheme() {
        return scheme;
    }

    /**
     * {@code GET /v2/}: checks that this is a registry, settles the scheme, and learns how the registry
     * wants us to authenticate, so that later requests carry credentials from the start instead of
     * each collecting a 401.
     */
    public synchronized void ping() {
        for (int i = 0; i < schemes.size(); i++) {
            String s = schemes.get(i);
            boolean fallback = i + 1 < schemes.size();
            RegistryHttp.Response r = probe(URI.create(s + "://" + host + "/v2/"), fallback);
            if (r == null) continue;
            try (r) {
                int status = r.status();
                if (status == 200 || status == 401) {
                    if (status == 401) {
                        AuthChallenge c = AuthChallenge.preferred(AuthChallenge.parse(r.headers().allValues("WWW-Authenticate")));
                        if (c == null) {
                            throw new BadInputException(http.registryName() + " demands authentication but offers no scheme we support");
                        }
                        auth.learn(c);
                    }
                    // a plain-HTTP port that redirected to HTTPS on the same host: talk HTTPS from now on
                    scheme = RegistryHttp.sameOrigin(r.uri(), URI.create("https://" + host + "/")) ? "https" : s;
                    pinged = true;
                    return;
                }
                String body = prefix(r);
                if (status == 400 && s.equals("http") && fallback && body.contains("HTTPS")) continue;
                if (status == 404) {
                    throw new BadInputException(registry + " does not look like a container registry (GET /v2/ answered 404)");
                }
                throw new BadInputException(http.registryName() + " answered HTTP " + status + " to GET /v2/" + errorSummary(body));
            }
        }
        throw new BadInputException("cannot reach " + http.registryName() + " over " + String.join(" or ", schemes));
    }

    /**
     * While another scheme remains, one quick try tells a port that does not speak this protocol
     * (refused, TLS mismatch, reset) from a registry that is merely unwell, which then gets its
     * full retries. Null means: try the next scheme.
     */
    private RegistryHttp.Response probe(URI uri, boolean fallback) {
        RegistryHttp.Request req = RegistryHttp.Request.get(uri, Map.of());
        if (!fallback) return http.send(req, "/v2/");
        try {
            return http.send(req, "/v2/", RetryPolicy.NONE);
        } catch (BadInputException e) {
            if (wrongProtocol(e)) return null;
        }
        return http.send(req, "/v2/");
    }

    /** Failures that mean "this port does not speak that protocol" rather than "the registry is unwell". */
    private static boolean wrongProtocol(BadInputException e) {
        Throwable c = e.getCause();
        return c instanceof IOException && !(c instanceof java.net.http.HttpTimeoutException);
    }

    /**
     * Fetches a manifest or index by tag or digest. The body is bounded by {@code limits.maxJsonBytes},
     * its digest computed here and checked against {@code expected} (a pinned or descriptor digest)
     * and against the registry's {@code Docker-Content-Digest} when it sends one.
     */
    public FetchedManifest manifest(String repository, String reference, Digest expected, long expectedSize) {
        checkReference(reference);
        String what = "manifest " + repository + (reference.contains(":") ? "@" : ":") + reference;
        long max = options.limits().maxJsonBytes();
        if (expectedSize > max) {
            throw new BadInputException(what + " is " + expectedSize + " bytes, over the limit of " + max + " bytes");
        }
        for (int attempt = 1; ; attempt++) {
            RegistryHttp.Response r = request(repository, "/v2/" + repository + "/manifests/" + reference,
                    Map.of("Accept", MediaTypes.ACCEPT_MANIFESTS), what);
            try (r) {
                if (r.status() == 404) {
                    throw new BadInputException("image " + registry + "/" + repository + (reference.contains(":") ? "@" : ":")
                            + reference + " not found" + errorSummary(prefix(r)));
                }
                if (r.status() != 200) {
                    throw new BadInputException(http.registryName() + " answered HTTP " + r.status() + " for " + what + errorSummary(prefix(r)));
                }
                byte[] body = r.body().readBounded(max, what + " from " + registry);
                if (expectedSize >= 0 && body.length != expectedSize) {
                    throw new BadInputException(what + " is " + body.length + " bytes but its descriptor says " + expectedSize);
                }
                Digest computed = digest(expected != null ? expected.algorithm() : "sha256", body);
                if (expected != null && !computed.equals(expected)) {
                    throw new BadInputException(what + " from " + registry + " does not match its digest: expected " + expected + ", got " + computed);
                }
                Digest announced = parseDigest(r.header("Docker-Content-Digest"));
                if (announced != null) {
                    Digest same = digest(announced.algorithm(), body);
                    if (!same.equals(announced)) {
                        throw new BadInputException(what + " from " + registry + " does not match the Docker-Content-Digest the registry sent: "
                                + announced + ", computed " + same);
                    }
                }
                return new FetchedManifest(body, mediaType(r.header("Content-Type")), computed);
            } catch (IOException e) {
                if (attempt >= options.retry().maxAttempts() || !RegistryHttp.retryable(e)) throw http.failure(e, what, attempt);
                pause(attempt);
            }
        }
    }

    /**
     * The registry's repositories ({@code GET /v2/_catalog}), in the registry's order, following its
     * {@code Link: <…>; rel="next"} pages, at most {@code max}. Needs the {@code registry:catalog:*} scope,
     * which registries grant to admins only. A body that is not the documented JSON is a BadInputException.
     */
    public Listing repositories(int max) {
        return repositories(max, LIST_PAGE);
    }

    Listing repositories(int max, int pageSize) {
        return list("/v2/_catalog", "registry:catalog:*", "the catalog", "repositories", max, pageSize,
                "the repository list of " + registry);
    }

    /** The tags of {@code repository} ({@code GET /v2/<name>/tags/list}), paginated like the catalog, at most {@code max}. */
    public Listing tags(String repository, int max) {
        return tags(repository, max, LIST_PAGE);
    }

    Listing tags(String repository, int max, int pageSize) {
        checkRepository(repository);
        return list("/v2/" + repository + "/tags/list", "repository:" + repository + ":pull", repository, "tags", max, pageSize,
                "the tags of " + registry + "/" + repository);
    }

    /**
     * What {@code repository:tag} names now: the digest of its image manifest, or, for a multi-platform
     * index, the digest of the manifest for {@code options.platform()} (the one a scan of the tag reads),
     * with the index digest beside it. The manifest is fetched (bounded, digest-checked) rather than
     * HEADed: only the body tells an index from a manifest.
     */
    public ResolvedTag resolve(String repository, String tag) {
        FetchedManifest m = manifest(repository, tag, null, -1);
        String what = "manifest " + repository + ":" + tag + " from " + registry;
        return switch (OciDocuments.parseManifestOrIndex(m.body(), m.mediaType(), what)) {
            case OciDocuments.ManifestDoc d -> new ResolvedTag(m.digest(), null);
            case OciDocuments.IndexDoc i -> new ResolvedTag(OciDocuments.select(i.index(), options.platform(), what).digest(), m.digest());
        };
    }

    /** One name list, page by page: strict about the JSON, bounded in bytes per page, in pages and in names. */
    private Listing list(String path, String scope, String subject, String field, int max, int pageSize, String what) {
        if (max < 1 || pageSize < 1) throw new IllegalArgumentException("max and pageSize must be positive");
        ensurePinged();
        List<String> names = new ArrayList<>();
        Set<String> pages = new HashSet<>();
        URI next = URI.create(scheme + "://" + host + path + "?n=" + Math.min(pageSize, max));
        while (next != null) {
            // a registry that sends us round in circles (or forever onwards) is cut off, not followed
            if (!pages.add(next.toString()) || pages.size() > MAX_LIST_PAGES) {
                throw new BadInputException(registry + " paginates " + what + " in a loop or beyond " + MAX_LIST_PAGES + " pages");
            }
            byte[] body;
            String link;
            RegistryHttp.Response r = exchange(RegistryHttp.Request.get(next, Map.of("Accept", "application/json")), scope, subject,
                    false, options.retry(), what);
            try (r) {
                if (r.status() != 200) {
                    throw new BadInputException(http.registryName() + " answered HTTP " + r.status() + " for " + what + errorSummary(prefix(r)));
                }
                body = r.body().readBounded(MAX_LIST_PAGE_BYTES, what);
                link = r.header("Link");
            } catch (IOException e) {
                throw http.failure(e, what, 1);
            }
            JsonNode n = OciDocuments.tree(body, what);
            JsonNode arr = n.get(field);
            // distribution answers "tags": null for a repository whose tags were all deleted
            if (arr != null && !arr.isNull() && !arr.isArray()) throw new BadInputException(what + " has no " + field + " array");
            for (JsonNode e : arr == null || arr.isNull() ? List.<JsonNode>of() : arr) {
                String name = e.isTextual() ? e.textValue() : null;
                boolean valid = name != null && (field.equals("tags")
                        ? REFERENCE.matcher(name).matches() && !name.contains(":")
                        : REPOSITORY.matcher(name).matches() && name.length() <= 255);
                if (!valid) {
                    throw new BadInputException(what + " holds an invalid " + (field.equals("tags") ? "tag" : "repository name")
                            + ": " + (name == null ? e.getNodeType().toString().toLowerCase(Locale.ROOT) : UntrustedText.printable(name)));
                }
                if (names.size() == max) return new Listing(names, true);
                names.add(name);
            }
            next = nextPage(link, next, what);
        }
        return new Listing(names, false);
    }

    /** The {@code rel="next"} target of a Link header (RFC 8288), resolved; it must stay on this registry. */
    static URI nextPage(String link, URI current, String what) {
        if (link == null || link.isBlank()) return null;
        Matcher m = NEXT_LINK.matcher(link);
        if (!m.find()) return null;
        URI next;
        try {
            next = current.resolve(new URI(m.group(1).trim()));
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            throw new BadInputException("the next page of " + what + " is a malformed URL");
        }
        // credentials go with every page: a next page elsewhere would hand them to another server
        if (!RegistryHttp.sameOrigin(current, next)) {
            throw new BadInputException("the next page of " + what + " points to another server; refusing");
        }
        return next;
    }

    /** A small blob (an image config) read whole, bounded by {@code max} and verified against its descriptor. */
    public byte[] blob(String repository, Descriptor d, long max, String what) {
        if (d.size() > max) throw new BadInputException(what + " is " + d.size() + " bytes, over the limit of " + max + " bytes");
        for (int attempt = 1; ; attempt++) {
            RegistryHttp.Response r = openBlobResponse(repository, d.digest(), what);
            try (r) {
                VerifyingInputStream in = new VerifyingInputStream(r.body(), d.digest(), d.size(), max, what);
                return in.readAllBytes();
            } catch (IOException e) {
                if (attempt >= options.retry().maxAttempts() || !RegistryHttp.retryable(e)) throw http.failure(e, what, attempt);
                pause(attempt);
            }
        }
    }

    /**
     * Streams a blob. The stream is not verified here (callers such as {@link LayerStream} hash it);
     * network failures in the middle of the body surface from {@code read} as BadInputException.
     */
    public InputStream openBlob(String repository, Digest digest, String what) {
        RegistryHttp.Response r = openBlobResponse(repository, digest, what);
        return new BlobStream(r.body(), what);
    }

    private RegistryHttp.Response openBlobResponse(String repository, Digest digest, String what) {
        RegistryHttp.Response r = request(repository, "/v2/" + repository + "/blobs/" + digest, Map.of(), what);
        if (r.status() == 200) return r;
        try (r) {
            String summary = errorSummary(prefix(r));
            if (r.status() == 404) {
                throw new BadInputException(what + " (" + digest + ") is missing from the registry" + (summary.isEmpty() ? " (HTTP 404)" : summary));
            }
            throw new BadInputException(http.registryName() + " answered HTTP " + r.status() + " for " + what + summary);
        }
    }

    /** One request with authentication: proactive when the ping told us how, else after a 401. */
    private RegistryHttp.Response request(String repository, String path, Map<String, String> headers, String what) {
        checkRepository(repository);
        ensurePinged();
        return exchange(new RegistryHttp.Request("GET", URI.create(scheme + "://" + host + path), headers, null), repository,
                false, options.retry(), what);
    }

    static void checkRepository(String repository) {
        if (!REPOSITORY.matcher(repository).matches() || repository.length() > 255) {
            throw new IllegalArgumentException("invalid repository name: " + UntrustedText.printable(repository));
        }
    }

    static void checkReference(String reference) {
        if (!REFERENCE.matcher(reference).matches()) {
            throw new IllegalArgumentException("invalid tag or digest: " + UntrustedText.printable(reference));
        }
    }

    /** {@code scheme://host/path} of this registry, after the ping has settled the scheme. */
    URI endpoint(String path) {
        ensurePinged();
        return URI.create(scheme + "://" + host + path);
    }

    RegistryHttp http() {
        return http;
    }

    RegistryOptions options() {
        return options;
    }

    /**
     * Sends {@code req} with this registry's authentication for {@code repository}, asking for the
     * {@code pull,push} scope when {@code push}. The Authorization header goes only to the registry's
     * own origin: an upload location elsewhere (blob storage) gets none.
     */
    RegistryHttp.Response exchange(RegistryHttp.Request req, String repository, boolean push, RetryPolicy policy, String what) {
        return exchange(req, "repository:" + repository + (push ? ":pull,push" : ":pull"), repository, push, policy, what);
    }

    /** As above with an explicit token scope; {@code subject} names what was asked for in a refusal. */
    private RegistryHttp.Response exchange(RegistryHttp.Request req, String scope, String repository, boolean push,
                                           RetryPolicy policy, String what) {
        URI uri = req.uri();
        boolean ours = RegistryHttp.sameOrigin(uri, URI.create(scheme + "://" + host + "/"));
        String sent = ours ? auth.header(scope) : null;
        RegistryHttp.Response r = http.send(withAuth(req, sent), what, policy);
        if (r.status() == 401 && ours) {
            AuthChallenge c = AuthChallenge.preferred(AuthChallenge.parse(r.headers().allValues("WWW-Authenticate")));
            r.close();
            if (c == null) {
                throw new BadInputException(http.registryName() + " refused " + what + " (HTTP 401) without saying how to authenticate");
            }
            if (sent != null && !c.isBearer()) throw auth.refused(repository, push);
            // a Bearer token may have expired or lacked this scope: fetch one fresh token and try once more
            auth.reject(scope);
            auth.learn(c);
            String again = auth.header(scope);
            if (again == null) throw auth.refused(repository, push);
            r = http.send(withAuth(req, again), what, policy);
            if (r.status() == 401) {
                r.close();
                auth.reject(scope);
                throw auth.refused(repository, push);
            }
        }
        if (r.status() == 403) {
            r.close();
            throw new RegistryAccessDenied((push ? "pushing to " : "access to ") + repository + " on " + registry + " is denied (HTTP 403)"
                    + (auth.haveCredentials() ? "" : "; no credentials were found for it"));
        }
        return r;
    }

    private static RegistryHttp.Request withAuth(RegistryHttp.Request req, String authorization) {
        return new RegistryHttp.Request(req.method(), req.uri(), with(req.headers(), authorization), req.form(), req.body());
    }

    private void ensurePinged() {
        if (!pinged) ping();
    }

    private static Map<String, String> with(Map<String, String> headers, String authorization) {
        if (authorization == null) return headers;
        Map<String, String> m = new LinkedHashMap<>(headers);
        m.put("Authorization", authorization);
        return m;
    }

    private void pause(int attempt) {
        try {
            Thread.sleep(options.retry().backoff(attempt + 1).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BadInputException("interrupted while waiting to retry a registry request", e);
        }
    }

    /** The first bytes of an error body, as text, for the registry's own explanation. */
    static String prefix(RegistryHttp.Response r) {
        try {
            byte[] b = r.body().readNBytes(ERROR_BODY_PREFIX);
            return new String(b, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return "";
        } finally {
            r.close();
        }
    }

    /** " (CODE: message)" from an OCI error body, or "" when there is none. */
    static String errorSummary(String body) {
        if (body == null || body.isBlank()) return "";
        try {
            JsonNode n = OciDocuments.json().readTree(body);
            JsonNode e = n == null ? null : n.path("errors").path(0);
            if (e == null || !e.isObject()) return "";
            String code = e.path("code").asText("");
            String msg = e.path("message").asText("");
            String s = (code + (code.isEmpty() || msg.isEmpty() ? "" : ": ") + msg).trim();
            return s.isEmpty() ? "" : " (" + RegistryHttp.oneLine(s.length() > 160 ? s.substring(0, 160) + "…" : s) + ")";
        } catch (IOException | RuntimeException ex) {
            return "";
        }
    }

    private static String mediaType(String contentType) {
        if (contentType == null) return null;
        int semi = contentType.indexOf(';');
        String t = (semi >= 0 ? contentType.substring(0, semi) : contentType).trim().toLowerCase(Locale.ROOT);
        return t.isEmpty() ? null : t;
    }

    static Digest parseDigest(String s) {
        if (s == null || s.isBlank()) return null;
        try {
            return Digest.parse(s.trim());
        } catch (IllegalArgumentException e) {
            // we compute the digest ourselves anyway; an unreadable header only loses a cross-check
            return null;
        }
    }

    private static Digest digest(String algorithm, byte[] body) {
        boolean sha512 = "sha512".equals(algorithm);
        try {
            MessageDigest md = MessageDigest.getInstance(sha512 ? "SHA-512" : "SHA-256");
            return new Digest(sha512 ? "sha512" : "sha256", HexFormat.of().formatHex(md.digest(body)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean isLoopback(String host) {
        if (host == null) return false;
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) h = h.substring(1, h.length() - 1);
        return h.equals("localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1") || LOOPBACK_V4.matcher(h).matches();
    }

    private static String hostOf(String hostPort) {
        if (hostPort.startsWith("[")) {
            int end = hostPort.indexOf(']');
            return end < 0 ? hostPort : hostPort.substring(0, end + 1);
        }
        int colon = hostPort.lastIndexOf(':');
        return colon < 0 ? hostPort : hostPort.substring(0, colon);
    }

    @Override
    public void close() {
        http.close();
    }

    /** Turns failures in the middle of a blob download into one-line BadInputExceptions. */
    private final class BlobStream extends FilterInputStream {
        private final TimedBodyStream body;
        private final String what;

        BlobStream(TimedBodyStream body, String what) {
            super(body);
            this.body = body;
            this.what = what;
        }

        @Override
        public int read() throws IOException {
            try {
                return body.read();
            } catch (IOException e) {
                throw broken(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return body.read(b, off, len);
            } catch (IOException e) {
                throw broken(e);
            }
        }

        @Override
        public long skip(long n) throws IOException {
            try {
                return body.skip(n);
            } catch (IOException e) {
                throw broken(e);
            }
        }

        private BadInputException broken(IOException e) {
            if (e instanceof TimedBodyStream.StalledException) {
                return new BadInputException(http.registryName() + " stalled while sending " + what + ": " + e.getMessage(), e);
            }
            long len = body.contentLength();
            if (len >= 0 && body.count() < len) {
                return new BadInputException(what + " is truncated: the connection ended after "
                        + body.count() + " of " + len + " bytes", e);
            }
            return new BadInputException("downloading " + what + " failed after " + body.count()
                    + " bytes: " + RegistryHttp.oneLine(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        }

        @Override
        public void close() {
            body.close();
        }
    }
}
