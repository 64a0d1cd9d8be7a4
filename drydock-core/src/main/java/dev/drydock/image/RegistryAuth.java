package dev.drydock.image;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Answers a registry's authentication challenges: Basic with stored credentials, or Bearer tokens
 * from the challenge's realm (Docker token authentication, including the OAuth2 refresh-token form
 * used with identity tokens). Tokens are cached per scope until shortly before they expire.
 * Credentials are looked up only once a registry asks for them, so an anonymous pull never runs
 * a credential helper.
 */
final class RegistryAuth {
    private static final long MAX_TOKEN_RESPONSE = 1 << 20;
    /** The Docker token spec's default when a token response omits expires_in. */
    private static final long DEFAULT_TOKEN_SECONDS = 60;

    private record CachedToken(String header, Instant refreshAt) {
    }

    private final RegistryHttp http;
    private final CredentialSource source;
    private final String registry;
    private final Map<String, CachedToken> tokens = new HashMap<>();
    private volatile AuthChallenge challenge;
    private Optional<RegistryCredentials> credentials;

    RegistryAuth(RegistryHttp http, String registry, CredentialSource source) {
        this.http = http;
        this.registry = registry;
        this.source = source;
    }

    /**
     * Remembers what the registry demands (from the /v2/ ping or a 401). A challenge's own scope is
     * dropped: it names one repository, and we ask for exactly the pull scope of each request instead.
     */
    void learn(AuthChallenge c) {
        if (c == null) return;
        Map<String, String> p = new HashMap<>(c.params());
        p.remove("scope");
        challenge = new AuthChallenge(c.scheme(), p);
    }

    /** The Authorization header to send for {@code scope}, fetching a token if needed; null when anonymous. */
    synchronized String header(String scope) {
        AuthChallenge c = challenge;
        if (c == null) return null;
        if (c.isBasic()) {
            return credentials().filter(RegistryCredentials::hasPassword).map(RegistryAuth::basicHeader).orElse(null);
        }
        if (c.isBearer()) {
            String key = tokenKey(c, scope);
            CachedToken t = tokens.get(key);
            if (t != null && Instant.now().isBefore(t.refreshAt())) return t.header();
            tokens.remove(key);
            CachedToken fresh = fetchToken(c, scope);
            tokens.put(key, fresh);
            return fresh.header();
        }
        return null;
    }

    /** Forgets a token the registry refused, so that the next {@link #header} asks for a new one. */
    synchronized void reject(String scope) {
        AuthChallenge c = challenge;
        if (c != null && c.isBearer()) tokens.remove(tokenKey(c, scope));
    }

    synchronized boolean haveCredentials() {
        return credentials().isPresent();
    }

    /** The failure to report after the registry refused what we sent (or we had nothing to send). */
    synchronized RegistryAccessDenied refused(String repository, boolean push) {
        if (credentials().isPresent()) {
            return new RegistryAccessDenied("authentication failed for " + registry + ": the registry refused the credentials for "
                    + repository);
        }
        return new RegistryAccessDenied(registry + " requires authentication to " + (push ? "push to " : "pull ") + repository
                + " and no credentials were found for it (docker login " + registry + ", or DOCKER_CONFIG)");
    }

    private Optional<RegistryCredentials> credentials() {
        if (credentials == null) credentials = source.credentials(registry);
        return credentials;
    }

    private static String tokenKey(AuthChallenge c, String scope) {
        return c.param("realm") + "\n" + c.param("service") + "\n" + scope;
    }

    static String basicHeader(RegistryCredentials c) {
        String pair = c.username() + ":" + c.password();
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    private CachedToken fetchToken(AuthChallenge c, String scope) {
        URI realm;
        try {
            realm = new URI(c.param("realm"));
        } catch (java.net.URISyntaxException e) {
            throw new BadInputException(registry + " sent an authentication challenge with a malformed realm");
        }
        String scheme = realm.getScheme() == null ? "" : realm.getScheme();
        if (!(scheme.equals("https") || scheme.equals("http")) || realm.getHost() == null) {
            throw new BadInputException(registry + " sent an authentication challenge with an unsupported realm");
        }
        Optional<RegistryCredentials> creds = credentials();
        if (scheme.equals("http") && creds.isPresent() && !http.options().insecure() && !RegistryClient.isLoopback(realm.getHost())) {
            throw new BadInputException(registry + " wants credentials sent to a plain-HTTP token service; refusing (use --insecure to allow)");
        }
        List<String> scopes = scope == null ? List.of() : List.of(scope);
        String what = "a token from " + realm.getHost();
        RegistryHttp.Request req;
        if (creds.isPresent() && creds.get().hasIdentityToken()) {
            // docker login stores identity tokens as OAuth2 refresh tokens; they are exchanged by POST
            StringBuilder form = new StringBuilder("grant_type=refresh_token&client_id=drydock");
            form.append("&refresh_token=").append(enc(creds.get().identityToken()));
            if (c.param("service") != null) form.append("&service=").append(enc(c.param("service")));
            if (!scopes.isEmpty()) form.append("&scope=").append(enc(String.join(" ", scopes)));
            req = new RegistryHttp.Request("POST", realm, Map.of(), form.toString());
        } else {
            StringBuilder q = new StringBuilder();
            if (c.param("service") != null) q.append("service=").append(enc(c.param("service")));
            for (String s : scopes) q.append(q.isEmpty() ? "" : "&").append("scope=").append(enc(s));
            if (creds.isPresent() && creds.get().hasPassword()) {
                q.append(q.isEmpty() ? "" : "&").append("account=").append(enc(creds.get().username()));
            }
            URI uri = withQuery(realm, q.toString());
            Map<String, String> headers = creds.filter(RegistryCredentials::hasPassword)
                    .map(cr -> Map.of("Authorization", basicHeader(cr))).orElse(Map.of());
            req = RegistryHttp.Request.get(uri, headers);
        }
        Instant asked = Instant.now();
        try (RegistryHttp.Response r = http.send(req, what)) {
            if (r.status() == 401 || r.status() == 403) {
                if (creds.isPresent()) {
                    throw new RegistryAccessDenied("authentication failed for " + registry + ": its token service at "
                            + realm.getHost() + " refused the credentials");
                }
                throw new RegistryAccessDenied(registry + " requires authentication and no credentials were found for it (docker login "
                        + registry + ", or DOCKER_CONFIG)");
            }
            if (r.status() != 200) {
                throw new BadInputException("token service " + realm.getHost() + " for " + registry + " answered HTTP " + r.status());
            }
            byte[] body;
            try {
                body = r.body().readBounded(MAX_TOKEN_RESPONSE, "token response from " + realm.getHost());
            } catch (IOException e) {
                throw http.failure(e, what, 1);
            }
            JsonNode n = OciDocuments.tree(body, "token response from " + realm.getHost());
            String token = text(n, "token");
            if (token == null) token = text(n, "access_token");
            if (token == null || token.isEmpty()) {
                throw new BadInputException("token service " + realm.getHost() + " for " + registry + " sent no token");
            }
            if (token.length() > 64 * 1024 || !token.matches("[\\x21-\\x7e]+")) {
                throw new BadInputException("token service " + realm.getHost() + " for " + registry + " sent a malformed token");
            }
            long seconds = n.path("expires_in").canConvertToLong() ? n.path("expires_in").asLong() : DEFAULT_TOKEN_SECONDS;
            if (seconds <= 0) seconds = DEFAULT_TOKEN_SECONDS;
            // refresh a little early so a token does not expire between our check and the registry's
            Duration life = Duration.ofSeconds(Math.min(seconds, 86400));
            Duration margin = life.dividedBy(10).compareTo(Duration.ofSeconds(10)) < 0 ? life.dividedBy(10) : Duration.ofSeconds(10);
            return new CachedToken("Bearer " + token, asked.plus(life).minus(margin));
        }
    }

    private static String text(JsonNode n, String f) {
        JsonNode v = n.get(f);
        return v != null && v.isTextual() ? v.asText() : null;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static URI withQuery(URI realm, String query) {
        String existing = realm.getRawQuery();
        String q = existing == null || existing.isEmpty() ? query : query.isEmpty() ? existing : existing + "&" + query;
        String s = realm.getScheme() + "://" + realm.getRawAuthority() + (realm.getRawPath() == null ? "" : realm.getRawPath())
                + (q.isEmpty() ? "" : "?" + q);
        return URI.create(s);
    }
}
