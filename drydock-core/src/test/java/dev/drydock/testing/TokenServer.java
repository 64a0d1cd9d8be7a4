package dev.drydock.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A Docker token-authentication service for tests: checks Basic credentials (or an OAuth2 refresh
 * token) and issues RS256 JWTs that docker-registry trusts through its {@code rootcertbundle}.
 *
 * <p>docker-registry 2.8 finds the signing key from the JWT header, trying {@code x5c} (a
 * certificate chain that must verify against the bundle), then {@code jwk}, then {@code kid}
 * (a libtrust fingerprint of a key from the bundle). Both {@link KeyHint#KID} and
 * {@link KeyHint#X5C} work; the registry also checks {@code iss} (= issuer), {@code aud}
 * (= service) and {@code exp}/{@code nbf} with 60 s leeway.
 */
public final class TokenServer implements AutoCloseable {
    public static final String ISSUER = "drydock-test-issuer";
    public static final String SERVICE = "drydock-test-registry";
    private static final ObjectMapper JSON = new ObjectMapper();

    public enum KeyHint { KID, X5C }

    /** Which JSON field carries the token: the spec allows {@code token}, {@code access_token} or both. */
    public enum TokenField { TOKEN, ACCESS_TOKEN, BOTH }

    /** One token request as the server saw it. */
    public record TokenRequest(String method, String user, boolean anonymous, List<String> scopes, String grantType) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "token-server");
        t.setDaemon(true);
        return t;
    });
    private final TestCertificate cert;
    private final Path bundle;
    private final Map<String, String> users = new ConcurrentHashMap<>();
    private final Map<String, String> refreshTokens = new ConcurrentHashMap<>();
    private final List<TokenRequest> requests = new CopyOnWriteArrayList<>();
    private volatile KeyHint keyHint = KeyHint.KID;
    private volatile TokenField tokenField = TokenField.TOKEN;
    private volatile long expiresIn = 300;
    private volatile boolean anonymousPull;

    private TokenServer(Path dir) throws IOException {
        this.cert = TestCertificate.generate(dir, "drydock-test-token-signer");
        this.bundle = cert.writeCertificatePem(dir.resolve("token-signer.pem"));
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/token", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** @param dir where the key material goes (a test's temp dir) */
    public static TokenServer start(Path dir) {
        try {
            return new TokenServer(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public TokenServer user(String name, String password) {
        users.put(name, password);
        return this;
    }

    /** Accepts {@code token} as an OAuth2 refresh token (what docker stores as identitytoken) for {@code user}. */
    public TokenServer refreshToken(String token, String user) {
        refreshTokens.put(token, user);
        return this;
    }

    public TokenServer keyHint(KeyHint hint) {
        this.keyHint = hint;
        return this;
    }

    public TokenServer tokenField(TokenField field) {
        this.tokenField = field;
        return this;
    }

    public TokenServer expiresIn(long seconds) {
        this.expiresIn = seconds;
        return this;
    }

    /** Anonymous requests get pull access (a public registry) instead of an empty grant. */
    public TokenServer anonymousPull(boolean allowed) {
        this.anonymousPull = allowed;
        return this;
    }

    public String realm() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
    }

    /** The certificate bundle for the registry's {@code auth.token.rootcertbundle}. */
    public Path rootCertBundle() {
        return bundle;
    }

    public List<TokenRequest> requests() {
        return List.copyOf(requests);
    }

    public void clearRequests() {
        requests.clear();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            Map<String, List<String>> params = new LinkedHashMap<>();
            parseForm(ex.getRequestURI().getRawQuery(), params);
            if ("POST".equals(ex.getRequestMethod())) {
                parseForm(new String(ex.getRequestBody().readNBytes(64 * 1024), StandardCharsets.UTF_8), params);
            }
            String grant = first(params, "grant_type");
            String user = null;
            boolean anonymous = true;
            if ("refresh_token".equals(grant)) {
                user = refreshTokens.get(first(params, "refresh_token"));
                if (user == null) {
                    reply(ex, 401, "{\"error\":\"invalid_grant\"}");
                    return;
                }
                anonymous = false;
            } else {
                String auth = ex.getRequestHeaders().getFirst("Authorization");
                if (auth != null) {
                    String[] up = basic(auth);
                    if (up == null || !up[1].equals(users.get(up[0]))) {
                        requests.add(new TokenRequest(ex.getRequestMethod(), up == null ? null : up[0], false, scopes(params), grant));
                        reply(ex, 401, "{\"details\":\"incorrect username or password\"}");
                        return;
                    }
                    user = up[0];
                    anonymous = false;
                }
            }
            List<String> scopes = scopes(params);
            requests.add(new TokenRequest(ex.getRequestMethod(), user, anonymous, scopes, grant));
            String jwt = jwt(user, first(params, "service"), anonymous && !anonymousPull ? List.of() : scopes, anonymous);
            ObjectNode body = JSON.createObjectNode();
            if (tokenField != TokenField.ACCESS_TOKEN) body.put("token", jwt);
            if (tokenField != TokenField.TOKEN) body.put("access_token", jwt);
            body.put("expires_in", expiresIn);
            body.put("issued_at", Instant.now().toString());
            reply(ex, 200, JSON.writeValueAsString(body));
        } catch (RuntimeException e) {
            reply(ex, 500, "{\"error\":\"" + e.getClass().getSimpleName() + "\"}");
        }
    }

    private String jwt(String user, String service, List<String> scopes, boolean anonymous) {
        ObjectNode header = JSON.createObjectNode();
        header.put("typ", "JWT");
        header.put("alg", "RS256");
        if (keyHint == KeyHint.KID) header.put("kid", cert.libtrustKeyId());
        else header.putArray("x5c").add(Base64.getEncoder().encodeToString(cert.certificateDer()));
        long now = Instant.now().getEpochSecond();
        ObjectNode claims = JSON.createObjectNode();
        claims.put("iss", ISSUER);
        claims.put("sub", user == null ? "" : user);
        claims.put("aud", service == null ? SERVICE : service);
        claims.put("exp", now + Math.max(expiresIn, 1));
        claims.put("nbf", now - 1);
        claims.put("iat", now);
        claims.put("jti", UUID.randomUUID().toString());
        ArrayNode access = claims.putArray("access");
        for (String scope : scopes) {
            // repository:<name>:<actions>; the name itself never contains ':' for a repository
            int first = scope.indexOf(':');
            int last = scope.lastIndexOf(':');
            if (first < 0 || last <= first) continue;
            ObjectNode a = access.addObject();
            a.put("type", scope.substring(0, first));
            a.put("name", scope.substring(first + 1, last));
            ArrayNode actions = a.putArray("actions");
            for (String action : scope.substring(last + 1).split(",")) {
                if (anonymous && !action.equals("pull")) continue;
                actions.add(action);
            }
        }
        try {
            Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
            String signingInput = b64.encodeToString(JSON.writeValueAsBytes(header)) + "." + b64.encodeToString(JSON.writeValueAsBytes(claims));
            Signature sig = Signature.getInstance("SHA256withRSA");
            sig.initSign(cert.key());
            sig.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + b64.encodeToString(sig.sign());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> scopes(Map<String, List<String>> params) {
        List<String> out = new ArrayList<>();
        for (String s : params.getOrDefault("scope", List.of())) {
            for (String part : s.trim().split("\\s+")) if (!part.isEmpty()) out.add(part);
        }
        return out;
    }

    private static String[] basic(String header) {
        if (!header.regionMatches(true, 0, "Basic ", 0, 6)) return null;
        try {
            String pair = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = pair.indexOf(':');
            return colon < 0 ? null : new String[]{pair.substring(0, colon), pair.substring(colon + 1)};
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static void parseForm(String raw, Map<String, List<String>> into) {
        if (raw == null || raw.isEmpty()) return;
        for (String kv : raw.split("&")) {
            int eq = kv.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
            into.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
    }

    private static String first(Map<String, List<String>> params, String k) {
        List<String> v = params.get(k);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
