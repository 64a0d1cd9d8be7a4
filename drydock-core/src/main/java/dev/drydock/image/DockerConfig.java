package dev.drydock.image;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Credentials from the docker CLI's {@code config.json} ({@code $DOCKER_CONFIG/config.json}, else
 * {@code ~/.docker/config.json}), resolved like the docker CLI does: a per-registry credential helper
 * ({@code credHelpers}) first, else the default store ({@code credsStore}), falling back to the
 * {@code auths} entry. The file is read on the first lookup, so an anonymous pull never needs it.
 */
public final class DockerConfig implements CredentialSource {
    private static final long MAX_CONFIG_BYTES = 4L << 20;
    static final Duration HELPER_TIMEOUT = Duration.ofSeconds(30);
    /** The key `docker login` uses for Docker Hub, and hence what helpers are asked for. */
    public static final String DOCKER_HUB_SERVER = "https://index.docker.io/v1/";
    private static final Set<String> HUB_ALIASES = Set.of("docker.io", "index.docker.io", "registry-1.docker.io");

    private final Path file;
    private final CredentialHelper helpers;
    private JsonNode root;

    public DockerConfig(Path file, CredentialHelper helpers) {
        this.file = file;
        this.helpers = helpers;
    }

    /** From the process environment. */
    public static DockerConfig load() {
        return fromEnvironment(System.getenv(), System.getProperty("user.home"));
    }

    /**
     * From an explicit environment: {@code DOCKER_CONFIG} locates the directory, {@code HOME} (else
     * {@code home}) the default one, and {@code PATH} where credential helpers are searched.
     */
    public static DockerConfig fromEnvironment(Map<String, String> env, String home) {
        String dir = env.get("DOCKER_CONFIG");
        Path base;
        if (dir != null && !dir.isBlank()) base = Path.of(dir);
        else base = Path.of(env.getOrDefault("HOME", home == null ? "." : home), ".docker");
        return new DockerConfig(base.resolve("config.json"), CredentialHelper.onPath(env.get("PATH"), HELPER_TIMEOUT));
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized Optional<RegistryCredentials> credentials(String registry) {
        JsonNode cfg = root();
        if (cfg == null) return Optional.empty();
        String key = normalize(registry);
        String helper = helperFor(cfg.path("credHelpers"), key);
        if (helper == null) {
            String store = cfg.path("credsStore").asText("");
            if (!store.isBlank()) helper = store;
        }
        if (helper != null && !helper.isBlank()) {
            Optional<RegistryCredentials> fromHelper = helpers.get(helper, serverUrl(registry, cfg));
            if (fromHelper.isPresent()) return fromHelper;
        }
        return fromAuths(cfg.path("auths"), key);
    }

    private JsonNode root() {
        if (root != null) return root.isMissingNode() ? null : root;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes((int) MAX_CONFIG_BYTES + 1);
            if (bytes.length > MAX_CONFIG_BYTES) throw new BadInputException("docker config " + file + " is over " + MAX_CONFIG_BYTES + " bytes");
            root = OciDocuments.tree(bytes, "docker config " + file);
        } catch (NoSuchFileException e) {
            root = com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        } catch (IOException e) {
            throw new BadInputException("cannot read docker config " + file + ": " + RegistryHttp.oneLine(e.getMessage()));
        }
        return root.isMissingNode() ? null : root;
    }

    /**
     * What a helper is asked for: the key the user logged in with when the config has one for this
     * registry (helpers store by that exact string), else the docker CLI's form.
     */
    private static String serverUrl(String registry, JsonNode cfg) {
        String key = normalize(registry);
        if (key.equals("docker.io")) return DOCKER_HUB_SERVER;
        for (Iterator<String> it = cfg.path("auths").fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (normalize(k).equals(key)) return k;
        }
        return registry;
    }

    private static String helperFor(JsonNode helpers, String key) {
        if (!helpers.isObject()) return null;
        for (Iterator<Map.Entry<String, JsonNode>> it = helpers.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (normalize(e.getKey()).equals(key) && e.getValue().isTextual()) return e.getValue().asText();
        }
        return null;
    }

    private Optional<RegistryCredentials> fromAuths(JsonNode auths, String key) {
        if (!auths.isObject()) return Optional.empty();
        JsonNode entry = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = auths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (normalize(e.getKey()).equals(key)) {
                entry = e.getValue();
                break;
            }
        }
        if (entry == null || !entry.isObject()) return Optional.empty();
        String identity = entry.path("identitytoken").asText("");
        if (!identity.isEmpty()) return Optional.of(RegistryCredentials.identityToken(identity));
        String auth = entry.path("auth").asText("");
        if (!auth.isEmpty()) {
            String pair;
            try {
                pair = new String(Base64.getDecoder().decode(auth.trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new BadInputException("docker config " + file + ": the auth entry for " + key + " is not valid base64");
            }
            int colon = pair.indexOf(':');
            if (colon <= 0) throw new BadInputException("docker config " + file + ": the auth entry for " + key + " is not user:password");
            return Optional.of(RegistryCredentials.basic(pair.substring(0, colon), pair.substring(colon + 1)));
        }
        String user = entry.path("username").asText("");
        String pass = entry.path("password").asText("");
        if (!user.isEmpty()) return Optional.of(RegistryCredentials.basic(user, pass));
        return Optional.empty();
    }

    /**
     * Reduces a config key or registry name to host[:port] — keys are written as
     * {@code https://host/v1/}, {@code http://host}, or bare {@code host} — with Docker Hub's names folded together.
     */
    static String normalize(String key) {
        String k = key.trim().toLowerCase(Locale.ROOT);
        int scheme = k.indexOf("://");
        if (scheme >= 0) k = k.substring(scheme + 3);
        int slash = k.indexOf('/');
        if (slash >= 0) k = k.substring(0, slash);
        return HUB_ALIASES.contains(k) ? "docker.io" : k;
    }
}
