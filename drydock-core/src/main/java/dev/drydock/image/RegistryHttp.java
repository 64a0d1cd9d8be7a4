package dev.drydock.image;

import dev.drydock.model.UntrustedText;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Flow;

/**
 * The HTTP layer under {@link RegistryClient}: one request with our own redirect handling,
 * retries with backoff, timeouts, and failures turned into one-line {@link BadInputException}s.
 */
final class RegistryHttp implements AutoCloseable {
    static final int MAX_REDIRECTS = 5;
    private static final String USER_AGENT = "drydock";

    /**
     * What to send. {@code form} makes it a POST of {@code application/x-www-form-urlencoded};
     * {@code body} is any other request body (pushes).
     */
    record Request(String method, URI uri, Map<String, String> headers, String form, Body body) {
        Request {
            headers = headers == null ? Map.of() : Map.copyOf(headers);
        }

        Request(String method, URI uri, Map<String, String> headers, String form) {
            this(method, uri, headers, form, null);
        }

        static Request get(URI uri, Map<String, String> headers) {
            return new Request("GET", uri, headers, null);
        }
    }

    /**
     * A request body for pushes. The publisher is created afresh for every send, because a retry,
     * a 401 round trip or a 307 redirect sends the same body again. {@code timeout} replaces the read
     * timeout for this request: java.net.http counts the upload of the body against it.
     */
    record Body(String contentType, java.util.function.Supplier<HttpRequest.BodyPublisher> publisher, Duration timeout) {
        static Body of(String contentType, byte[] bytes) {
            byte[] copy = bytes.clone();
            return new Body(contentType, () -> HttpRequest.BodyPublishers.ofByteArray(copy), null);
        }
    }

    /** A response whose body has not been read yet; close it when not reading it to the end. */
    record Response(int status, HttpHeaders headers, URI uri, TimedBodyStream body) implements AutoCloseable {
        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        @Override
        public void close() {
            body.close();
        }
    }

    private final HttpClient client;
    private final RegistryOptions options;
    private final String registry;

    RegistryHttp(String registry, RegistryOptions options) {
        this.registry = registry;
        this.options = options;
        HttpClient.Builder b = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(options.connectTimeout());
        if (options.insecure()) b.sslContext(trustAll());
        this.client = b.build();
    }

    String registry() {
        return registry;
    }

    RegistryOptions options() {
        return options;
    }

    /**
     * Sends with retries. Returns the final answer whatever its status, except that a status we
     * retry (429, 5xx) still present after the last try, and network failures, become a
     * BadInputException naming {@code what}.
     */
    Response send(Request request, String what) {
        return send(request, what, options.retry());
    }

    Response send(Request request, String what, RetryPolicy policy) {
        for (int attempt = 1; ; attempt++) {
            boolean last = attempt >= policy.maxAttempts();
            Response r;
            try {
                r = sendFollowingRedirects(request, what);
            } catch (IOException e) {
                if (last || !retryable(e)) throw failure(e, what, attempt);
                RetryPolicy.pause(policy.backoff(attempt + 1), "a registry request");
                continue;
            }
            if (!retryable(r.status())) return r;
            r.close();
            Duration wait = policy.backoff(attempt + 1);
            Duration asked = retryAfter(r.header("Retry-After"));
            if (asked != null) {
                if (asked.compareTo(policy.maxRetryAfter()) > 0) {
                    throw new BadInputException(registryName() + (r.status() == 429 ? " is rate-limiting us" : " is unavailable")
                            + " (HTTP " + r.status() + ") while fetching " + what + "; it asks to retry after "
                            + Durations.human(asked) + ", try again later");
                }
                wait = asked.compareTo(wait) > 0 ? asked : wait;
            }
            if (last) {
                throw new StillFailing(registryName() + (r.status() == 429 ? " kept rate-limiting us (HTTP 429)" : " kept failing with HTTP " + r.status())
                        + " while fetching " + what + " (" + attempt + (attempt == 1 ? " try)" : " tries)"));
            }
            RetryPolicy.pause(wait, "a registry request");
        }
    }

    /** A retryable status (429, 5xx) that was still there after the last try. */
    static final class StillFailing extends BadInputException {
        StillFailing(String message) {
            super(message);
        }
    }

    private Response sendFollowingRedirects(Request request, String what) throws IOException {
        URI uri = request.uri();
        String method = request.method();
        String form = request.form();
        Body upload = request.body();
        Map<String, String> headers = new LinkedHashMap<>(request.headers());
        for (int hop = 0; ; hop++) {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                    .timeout(upload != null && upload.timeout() != null ? upload.timeout() : options.readTimeout())
                    .header("User-Agent", USER_AGENT);
            // h2c upgrade on plain HTTP confuses some servers and buys nothing for a registry
            if ("http".equals(uri.getScheme())) b.version(HttpClient.Version.HTTP_1_1);
            headers.forEach(b::header);
            if (form != null) {
                b.header("Content-Type", "application/x-www-form-urlencoded");
                b.POST(HttpRequest.BodyPublishers.ofString(form));
            } else if (upload != null) {
                b.header("Content-Type", upload.contentType());
                b.method(method, upload.publisher().get());
            } else {
                b.method(method, HttpRequest.BodyPublishers.noBody());
            }
            HttpResponse<Flow.Publisher<List<ByteBuffer>>> resp;
            try {
                resp = client.send(b.build(), HttpResponse.BodyHandlers.ofPublisher());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted");
            }
            long length = resp.headers().firstValueAsLong("Content-Length").orElse(-1);
            TimedBodyStream body = new TimedBodyStream(options.readTimeout(), "HEAD".equals(method) ? -1 : length);
            resp.body().subscribe(body);
            Response r = new Response(resp.statusCode(), resp.headers(), uri, body);
            if (!isRedirect(r.status())) return r;
            String location = r.header("Location");
            r.close();
            if (location == null) {
                throw new BadInputException(registryName() + " answered a redirect without a Location while fetching " + what);
            }
            if (hop >= MAX_REDIRECTS) {
                throw new BadInputException(registryName() + " redirected more than " + MAX_REDIRECTS
                        + " times while fetching " + what + " (a redirect loop?)");
            }
            URI next = resolve(uri, location, what);
            if (!sameOrigin(uri, next)) {
                // credentials for the registry must not leak to blob storage or anywhere else
                headers.keySet().removeIf(k -> k.equalsIgnoreCase("Authorization"));
            }
            if (r.status() == 303) {
                method = "GET";
                form = null;
                upload = null;
            }
            uri = next;
        }
    }

    private URI resolve(URI base, String location, String what) {
        URI next;
        try {
            next = base.resolve(new URI(location.trim()));
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            throw new BadInputException(registryName() + " redirected to a malformed URL while fetching " + what);
        }
        String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || next.getHost() == null) {
            throw new BadInputException(registryName() + " redirected to an unsupported URL while fetching " + what);
        }
        if (scheme.equals("http") && "https".equals(base.getScheme()) && !options.insecure()) {
            throw new BadInputException(registryName() + " redirected from HTTPS to plain HTTP while fetching " + what
                    + "; refusing (use --insecure to allow)");
        }
        return next;
    }

    static boolean sameOrigin(URI a, URI b) {
        return Objects.equals(lower(a.getScheme()), lower(b.getScheme()))
                && Objects.equals(lower(a.getHost()), lower(b.getHost()))
                && port(a) == port(b);
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    private static int port(URI u) {
        if (u.getPort() >= 0) return u.getPort();
        return "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    static boolean retryable(int status) {
        return status == 408 || status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
    }

    /** Resets and timeouts are worth another try; a TLS certificate problem will not go away. */
    static boolean retryable(IOException e) {
        if (e instanceof SSLHandshakeException) return false;
        if (e.getCause() instanceof java.nio.channels.UnresolvedAddressException) return false;
        if (e instanceof java.io.InterruptedIOException && !(e instanceof HttpTimeoutException)) return false;
        return !(e instanceof SSLException) || e.getCause() instanceof IOException && !(e.getCause() instanceof SSLException);
    }

    /** Retry-After as delta-seconds or an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(String value) {
        if (value == null || value.isBlank()) return null;
        String v = value.trim();
        try {
            long secs = Long.parseLong(v);
            return secs < 0 ? null : Duration.ofSeconds(Math.min(secs, 365L * 86400));
        } catch (NumberFormatException e) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return d.isNegative() ? Duration.ZERO : d;
            } catch (java.time.DateTimeException e2) {
                return null;
            }
        }
    }

    BadInputException failure(IOException e, String what, int attempts) {
        String tries = attempts > 1 ? " (" + attempts + " tries)" : "";
        if (e instanceof HttpConnectTimeoutException) {
            return new BadInputException("cannot connect to " + registryName() + ": no answer within "
                    + Durations.human(options.connectTimeout()) + tries, e);
        }
        if (e instanceof TimedBodyStream.StalledException) {
            return new BadInputException(registryName() + " stalled while sending " + what + ": " + e.getMessage() + tries, e);
        }
        if (e instanceof HttpTimeoutException) {
            return new BadInputException(registryName() + " did not answer within " + Durations.human(options.readTimeout())
                    + " while fetching " + what + tries, e);
        }
        if (e.getCause() instanceof java.nio.channels.UnresolvedAddressException || e instanceof java.net.UnknownHostException) {
            return new BadInputException("cannot resolve the host of " + registryName(), e);
        }
        if (e instanceof ConnectException) {
            return new BadInputException("cannot connect to " + registryName() + ": connection refused" + tries, e);
        }
        if (e instanceof SSLHandshakeException && untrusted(e)) {
            return new BadInputException("the TLS certificate of " + registryName()
                    + " is not trusted (self-signed or from an unknown CA); use --insecure to skip the check", e);
        }
        if (e instanceof SSLHandshakeException || e instanceof SSLException) {
            return new BadInputException("TLS with " + registryName() + " failed: " + oneLine(e.getMessage())
                    + (options.insecure() ? "" : " (for a registry with a self-signed certificate use --insecure)"), e);
        }
        return new BadInputException("fetching " + what + " from " + registryName() + " failed: " + oneLine(describe(e)) + tries, e);
    }

    private static boolean untrusted(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.security.cert.CertPathBuilderException || t instanceof java.security.cert.CertPathValidatorException) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) m = e.getClass().getSimpleName();
        return m;
    }

    static String oneLine(String s) {
        if (s == null) return "";
        return UntrustedText.printable(s.replaceAll("\\s+", " ").trim());
    }

    String registryName() {
        return "registry " + registry;
    }


    @Override
    public void close() {
        // close() would wait for every exchange to finish, and a caller may have left a stalled body open
        client.shutdownNow();
    }

    /**
     * --insecure accepts any certificate. An X509ExtendedTrustManager is used because the JDK does
     * host-name checking inside the extended trust manager; a plain X509TrustManager would still check names.
     */
    private static SSLContext trustAll() {
        TrustManager tm = new X509ExtendedTrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[]{tm}, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
