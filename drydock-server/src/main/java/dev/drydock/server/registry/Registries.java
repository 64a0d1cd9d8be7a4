package dev.drydock.server.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drydock.image.CredentialSource;
import dev.drydock.image.RegistryCredentials;
import dev.drydock.image.RegistryOptions;
import dev.drydock.image.RetryPolicy;
import dev.drydock.server.store.RegistryRow;
import dev.drydock.server.store.Store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The configured registries, with their credentials sealed on the way in and opened only on the way to the
 * registry itself. The key is loaded on first need, so a server without registries never creates one.
 */
public final class Registries {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Longest username and password accepted (registry tokens can be long; nothing needs more). */
    static final int MAX_SECRET = 8 * 1024;
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    /** The outcome of {@link #add}: the new row, or empty when the URL is configured already. */
    public record Added(Optional<RegistryRow> row, RegistryUrl url) {
    }

    private final Store store;
    private final Supplier<SecretBox> box;
    private final RetryPolicy retry;
    private volatile SecretBox loaded;

    public Registries(Store store, Supplier<SecretBox> box) {
        this(store, box, RetryPolicy.DEFAULT);
    }

    /** @param retry how the registry client retries one request (tests: none, so a dead registry fails at once) */
    public Registries(Store store, Supplier<SecretBox> box, RetryPolicy retry) {
        this.store = Objects.requireNonNull(store);
        this.box = Objects.requireNonNull(box);
        this.retry = Objects.requireNonNull(retry);
    }

    /** The key of {@link SecretBox#load} from this process's environment, loaded on first need. */
    public static Registries fromEnvironment(Store store) {
        return new Registries(store, () -> SecretBox.load(System.getenv(), SecretBox.defaultKeyFile(System.getenv())));
    }

    public Store store() {
        return store;
    }

    private SecretBox box() {
        SecretBox b = loaded;
        if (b == null) {
            synchronized (this) {
                if (loaded == null) loaded = box.get();
                b = loaded;
            }
        }
        return b;
    }

    /**
     * @param username null (with a null password) for an anonymous registry
     * @throws IllegalArgumentException for a bad URL or half the credentials
     */
    public Added add(String url, String username, String password) {
        RegistryUrl u = RegistryUrl.parse(url);
        if ((username == null) != (password == null)) throw new IllegalArgumentException("give both username and password, or neither");
        String sealed = null;
        String ref = null;
        if (username != null) {
            if (username.isEmpty() || username.length() > MAX_SECRET || password.length() > MAX_SECRET || username.contains(":")) {
                throw new IllegalArgumentException("username must be 1 to " + MAX_SECRET + " characters without ':', password at most " + MAX_SECRET);
            }
            ObjectNode o = JSON.createObjectNode().put("username", username).put("password", password);
            byte[] plain = o.toString().getBytes(StandardCharsets.UTF_8);
            SecretBox b = box();
            sealed = b.seal(plain, context(u));
            Arrays.fill(plain, (byte) 0);
            ref = "key:" + b.keyId();
        }
        return new Added(store.addRegistry(u.toString(), sealed, ref), u);
    }

    /**
     * How to talk to this registry: its credentials opened, plain HTTP for an {@code http://} URL. The client
     * rides out a short hiccup with its own few retries; a longer outage fails the job, which the queue
     * retries with back-off.
     *
     * @throws SecretBox.SealedSecretException when the credentials cannot be opened (another key)
     */
    public RegistryOptions options(RegistryRow r) {
        RegistryUrl u = RegistryUrl.parse(r.url());
        CredentialSource creds = store.registryCredentials(r.id())
                .map(sealed -> CredentialSource.of(open(sealed, u)))
                .orElse(CredentialSource.anonymous());
        return RegistryOptions.defaults().withInsecure(u.plainHttp()).withCredentials(creds)
                .withTimeouts(CONNECT_TIMEOUT, READ_TIMEOUT).withRetry(retry);
    }

    private RegistryCredentials open(String sealed, RegistryUrl u) {
        byte[] plain = box().open(sealed, context(u));
        try {
            JsonNode n = JSON.readTree(plain);
            return RegistryCredentials.basic(n.path("username").asText(), n.path("password").asText());
        } catch (IOException e) {
            throw new SecretBox.SealedSecretException("the stored credentials are damaged");
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /** Sealed credentials belong to one registry URL: copied to another row, they do not open. */
    private static String context(RegistryUrl u) {
        return "drydock registry credentials\n" + u;
    }
}
